"""A test-only extension that fails to load."""

raise ImportError("this extension is broken on purpose")
