"""Domain results to Discord embeds, files and views; owns every Discord limit."""
