"""Handles and profile links for every platform."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import handles as handles_module
from bot.domain.handles import (
    Handle,
    HandleError,
    display_name,
    looks_like_link,
    normalize_handle,
)
from bot.domain.platforms import Platform

IG, TT, YT, X, FB, SC, TW = (
    Platform.INSTAGRAM,
    Platform.TIKTOK,
    Platform.YOUTUBE,
    Platform.X,
    Platform.FACEBOOK,
    Platform.SNAPCHAT,
    Platform.TWITCH,
)
CHANNEL_ID = "UCX6OQ3DkcsbYNE6H8uQQuVA"


@pytest.mark.parametrize(
    ("text", "platform", "name", "key"),
    [
        ("@Jane.Doe", IG, "Jane.Doe", "jane.doe"),
        ("jane_doe", IG, "jane_doe", "jane_doe"),
        ("a", IG, "a", "a"),
        ("a" * 30, IG, "a" * 30, "a" * 30),
        ("@Some.One_1", TT, "Some.One_1", "some.one_1"),
        ("ab", TT, "ab", "ab"),
        ("@Chan-nel.TV", YT, "Chan-nel.TV", "chan-nel.tv"),
        ("@日本語チャンネル", YT, "日本語チャンネル", "日本語チャンネル"),
        ("@नमस्ते_दुनिया", YT, "नमस्ते_दुनिया", "नमस्ते_दुनिया"),  # combining marks
        ("@Catal·la", YT, "Catal·la", "catal·la"),
        ("abc", YT, "abc", "abc"),
        ("@Jack", X, "Jack", "jack"),
        ("j", X, "j", "j"),
        ("a_b_c_d_e_f_g_h", X, "a_b_c_d_e_f_g_h", "a_b_c_d_e_f_g_h"),
        ("John.Smith55", FB, "John.Smith55", "johnsmith55"),  # periods don't count
        ("team-snap.1", SC, "team-snap.1", "team-snap.1"),
        ("abc", SC, "abc", "abc"),
        ("Ninja_2", TW, "Ninja_2", "ninja_2"),
        ("abcd", TW, "abcd", "abcd"),
    ],
)
def test_names(text: str, platform: Platform, name: str, key: str) -> None:
    handle = normalize_handle(text, platform)
    assert (handle.platform, handle.name, handle.key) == (platform, name, key)
    assert handle.label == "@" + name
    assert not handle.is_id


@pytest.mark.parametrize(
    ("text", "platform", "reason"),
    [
        ("a" * 31, IG, "too long"),
        ("jane-doe", IG, "isn't a valid Instagram name"),
        ("jané", IG, "isn't a valid"),
        ("a", TT, "too short"),
        ("name.", TT, "not a period at the end"),
        ("a" * 31, TT, "too long"),
        ("ab", YT, "too short"),
        ("a" * 31, YT, "too long"),
        ("a+b", YT, "isn't a valid"),
        ("a" * 16, X, "too long"),
        ("a.b", X, "isn't a valid X"),
        ("abcd", FB, "too short"),
        ("a" * 51, FB, "too long"),
        ("john_smith", FB, "isn't a valid"),
        ("a.b.c.d", FB, "at least 5 letters or digits"),
        ("....", FB, "too short"),
        (".....", FB, "at least 5 letters or digits"),
        ("ab", SC, "too short"),
        ("a" * 16, SC, "too long"),
        ("1abc", SC, "starting with a letter"),
        ("abc-", SC, "ending with a letter or digit"),
        ("abc", TW, "too short"),
        ("a" * 26, TW, "too long"),
        ("_abcd", TW, "not an underscore first"),
        ("", IG, "is empty"),
        ("   ", IG, "is empty"),
        ("@", IG, "is empty"),
        ("jane doe", IG, "contains a space"),
        ("jane\tdoe", IG, "contains a space"),
        ("jane\x00", IG, "control or invisible"),
        ("jane\u200b", IG, "control or invisible"),  # zero-width space
        ("jane\u202e", IG, "control or invisible"),  # right-to-left override
        ("a" * 101, IG, "over 100 characters"),
        ("a" * 5000, IG, "over 100 characters"),
        ("jane/doe", IG, "isn't a name or a profile link"),
        ("linktr.ee/jane", IG, "isn't a name or a profile link"),
    ],
)
def test_refused_names(text: str, platform: Platform, reason: str) -> None:
    with pytest.raises(HandleError, match=reason):
        normalize_handle(text, platform)


@pytest.mark.parametrize(
    ("url", "platform", "name"),
    [
        ("https://www.instagram.com/jane_doe/", IG, "jane_doe"),
        ("instagram.com/jane_doe", IG, "jane_doe"),
        ("http://instagram.com/jane_doe?hl=en", IG, "jane_doe"),
        ("m.instagram.com/Jane.Doe/#top", IG, "Jane.Doe"),
        ("INSTAGRAM.COM/Jane", IG, "Jane"),
        ("https://www.instagram.com/jane_doe/reels/", IG, "jane_doe"),
        ("https://www.tiktok.com/@some.one", TT, "some.one"),
        ("tiktok.com/@some.one?lang=en", TT, "some.one"),
        ("https://www.tiktok.com/@some.one/video/7234567890", TT, "some.one"),
        ("https://www.youtube.com/@MrBeast", YT, "MrBeast"),
        ("youtube.com/@MrBeast/videos", YT, "MrBeast"),
        ("m.youtube.com/@MrBeast", YT, "MrBeast"),
        ("x.com/jack", X, "jack"),
        ("https://twitter.com/jack", X, "jack"),
        ("https://mobile.twitter.com/jack/status/20", X, "jack"),
        ("facebook.com/John.Smith55", FB, "John.Smith55"),
        ("https://web.facebook.com/John.Smith55/posts/1", FB, "John.Smith55"),
        ("snapchat.com/add/team-snap", SC, "team-snap"),
        ("https://www.snapchat.com/@team-snap", SC, "team-snap"),
        ("twitch.tv/ninja", TW, "ninja"),
        ("https://m.twitch.tv/ninja/", TW, "ninja"),
    ],
)
def test_links_infer_the_platform(url: str, platform: Platform, name: str) -> None:
    handle = normalize_handle(url, None)
    assert (handle.platform, handle.name) == (platform, name)
    # An explicit matching platform is fine too.
    assert normalize_handle(url, platform) == handle
    assert looks_like_link(url)


def test_twitter_links_become_x() -> None:
    handle = normalize_handle("twitter.com/Jack", None)
    assert handle.platform is Platform.X
    assert handle.profile_url == "https://x.com/Jack"


def test_youtube_channel_ids_are_kept_case_sensitive() -> None:
    handle = normalize_handle(f"https://www.youtube.com/channel/{CHANNEL_ID}", None)
    assert handle.name == CHANNEL_ID
    assert handle.key == f"channel/{CHANNEL_ID}"
    assert handle.is_id
    assert handle.label == CHANNEL_ID
    assert handle.profile_url == f"https://www.youtube.com/channel/{CHANNEL_ID}"
    assert normalize_handle(CHANNEL_ID, YT) == handle
    # A channel id and a handle with the same letters never share a key.
    assert normalize_handle("@" + CHANNEL_ID[:20], YT).key != handle.key


def test_legacy_youtube_usernames_come_from_user_links() -> None:
    handle = normalize_handle("https://www.youtube.com/user/OldSchoolGarden", None)
    assert (handle.platform, handle.name) == (YT, "OldSchoolGarden")
    assert handle.key == "user/oldschoolgarden"  # usernames ignore case
    assert handle.is_id and handle.is_youtube_username
    assert handle.label == "OldSchoolGarden"
    assert handle.profile_url == "https://www.youtube.com/user/OldSchoolGarden"
    # The profile link (what an export writes for it) reads back as the same creator.
    assert normalize_handle(handle.profile_url, YT) == handle
    assert normalize_handle("youtube.com/user/oldschoolgarden/videos", None).key == handle.key
    # Never the same key as a handle or a channel id with the same letters.
    assert normalize_handle("@OldSchoolGarden", YT).key != handle.key
    assert not normalize_handle("@OldSchoolGarden", YT).is_youtube_username


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("youtube.com/user/", "without a username"),
        ("youtube.com/user/old_school", "legacy YouTube username"),
        ("youtube.com/user/" + "a" * 21, "legacy YouTube username"),
        ("youtube.com/user/na%26key%3Dx", "legacy YouTube username"),
        ("youtube.com/user/..", "legacy YouTube username"),
        ("youtube.com/user/ｎａｍｅ", "legacy YouTube username"),
    ],
)
def test_bad_legacy_youtube_usernames(url: str, reason: str) -> None:
    with pytest.raises(HandleError, match=reason):
        normalize_handle(url, None)


def test_facebook_profile_ids() -> None:
    handle = normalize_handle("https://www.facebook.com/profile.php?id=100004123456789", None)
    assert handle.name == "100004123456789"
    assert handle.key == "id/100004123456789"
    assert handle.profile_url.endswith("profile.php?id=100004123456789")
    with pytest.raises(HandleError, match="without a profile id"):
        normalize_handle("facebook.com/profile.php", None)
    with pytest.raises(HandleError, match="profile id"):
        normalize_handle("facebook.com/profile.php?id=abc", None)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("instagram.com/p/Cx123/", "other than a profile"),
        ("https://www.instagram.com/reel/Cx123/", "other than a profile"),
        ("instagram.com/explore/tags/food", "other than a profile"),
        ("instagram.com", "needs a platform"),  # a bare word is a name, not a link
        ("instagram.com/", "without a profile name"),
        ("https://instagram.com/", "without a profile name"),
        ("tiktok.com/tag/food", "@ before the name"),
        ("vm.tiktok.com/ZMabc/", "share link"),
        ("youtube.com/watch?v=dQw4w9WgXcQ", "other than a profile"),
        ("youtube.com/shorts/abc", "other than a profile"),
        ("youtu.be/dQw4w9WgXcQ", "video"),
        ("youtube.com/c/SomeName", "old-style"),
        ("youtube.com/SomeName", "old-style"),
        ("youtube.com/channel/", "without a channel id"),
        ("youtube.com/channel/not-an-id", "channel id"),
        ("x.com/i/lists/1", "other than a profile"),
        ("twitter.com/search?q=a", "other than a profile"),
        ("twitter.com/hashtag/food", "other than a profile"),
        ("facebook.com/groups/123", "other than a profile"),
        ("facebook.com/watch/?v=1", "other than a profile"),
        ("snapchat.com/discover/abc", "other than a profile"),
        ("twitch.tv/directory/game/x", "other than a profile"),
        ("clips.twitch.tv/abc", "clip"),
        ("https://example.com/jane", "site Tierbot doesn't know"),
        ("ftp://instagram.com/jane", "only http and https"),
        ("instagram.com/jane-doe", "isn't a valid Instagram name"),
    ],
)
def test_refused_links(url: str, reason: str) -> None:
    with pytest.raises(HandleError, match=reason):
        normalize_handle(url, None)


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("tiktok.com/@jane", IG),
        ("instagram.com/jane", TT),
        ("twitter.com/jane", IG),
        ("youtube.com/@jane", TW),
    ],
)
def test_link_and_platform_must_agree(url: str, platform: Platform) -> None:
    with pytest.raises(HandleError, match=f"but the platform is {platform.label}"):
        normalize_handle(url, platform)


def test_articles_in_messages() -> None:
    with pytest.raises(HandleError, match="is an X \\(Twitter\\) link"):
        normalize_handle("x.com/jane", IG)
    with pytest.raises(HandleError, match="is an Instagram link"):
        normalize_handle("instagram.com/jane", X)
    with pytest.raises(HandleError, match="is a TikTok link"):
        normalize_handle("tiktok.com/@jane", X)


def test_no_platform_and_no_link_asks_for_one() -> None:
    with pytest.raises(HandleError, match="needs a platform"):
        normalize_handle("@jane", None)


def test_default_platform_applies_only_without_link_or_platform() -> None:
    assert normalize_handle("@jane", None, default_platform=TT).platform is TT
    assert normalize_handle("@jane", IG, default_platform=TT).platform is IG
    assert normalize_handle("x.com/jane", None, default_platform=TT).platform is X


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        (IG, "https://www.instagram.com/Jane/"),
        (TT, "https://www.tiktok.com/@Jane"),
        (YT, "https://www.youtube.com/@Jane"),
        (X, "https://x.com/Jane"),
        (FB, "https://www.facebook.com/Jane.Doe"),
        (SC, "https://www.snapchat.com/add/Jane"),
        (TW, "https://www.twitch.tv/Jane"),
    ],
)
def test_profile_urls_round_trip(platform: Platform, url: str) -> None:
    name = "Jane.Doe" if platform is FB else "Jane"
    handle = normalize_handle(name, platform)
    assert handle.profile_url == url
    assert normalize_handle(handle.profile_url, None) == handle


def test_markup_is_not_escaped_here() -> None:
    # Display safety is the render layer's job; "_" and "." stay as typed.
    assert normalize_handle("__jane__", IG).name == "__jane__"


def test_bare_names_are_not_links() -> None:
    assert not looks_like_link("jane.doe")
    assert not looks_like_link("@jane")
    assert not looks_like_link("x.com")
    assert normalize_handle("x.com", IG).name == "x.com"
    assert looks_like_link("instagram.com/jane")
    assert looks_like_link("linktr.ee/jane")


def test_handles_are_frozen_and_hashable() -> None:
    handle = normalize_handle("@jane", IG)
    with pytest.raises(AttributeError):
        handle.name = "bob"  # type: ignore[misc]
    assert {handle, normalize_handle("jane", IG)} == {handle}
    assert isinstance(handle, Handle)


@given(st.text(max_size=150), st.sampled_from([None, *Platform]))
def test_arbitrary_text_raises_only_handle_errors(text: str, platform: Platform | None) -> None:
    try:
        handle = normalize_handle(text, platform)
    except HandleError:
        return
    assert handle.name
    assert len(handle.name) <= 100
    assert not any(char.isspace() for char in handle.name)


_IG_NAME = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._",
    min_size=1,
    max_size=30,
)


# Instagram's own site sections, which no account can be called.
_IG_SECTIONS = handles_module._RESERVED[IG]


@given(_IG_NAME)
def test_every_valid_instagram_name_is_accepted_in_each_form(name: str) -> None:
    handle = normalize_handle(name, IG)
    assert handle.name == name
    assert normalize_handle("@" + name, IG) == handle
    if name.lower() not in _IG_SECTIONS:
        assert normalize_handle(f"https://instagram.com/{name}/", None) == handle
    assert handle.key == name.lower()


@pytest.mark.parametrize(
    ("typed", "shown", "example"),
    [
        ("Mama Knows Best", "Mama Knows Best", "mamaknowsbest"),
        ("  Café   Olé 2 ", "Café Olé 2", "cafol2"),
    ],
)
def test_a_name_with_spaces_is_a_display_name(typed: str, shown: str, example: str) -> None:
    name = display_name(typed)
    assert name is not None
    assert name.text == shown
    assert name.account_name_example == example


@pytest.mark.parametrize(
    "typed", ["@janedoe", "jane.doe", "https://www.tiktok.com/@a b", "a\u200bb c", "x " * 60]
)
def test_handles_links_and_hidden_characters_are_not_display_names(typed: str) -> None:
    assert display_name(typed) is None
