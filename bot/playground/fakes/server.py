"""One local HTTP server standing in for YouTube, Twitch, Instagram and X.

Responses follow ../shared/platform-api-specs/README.md: YouTube counts as strings, a missing
`likeCount` where likes are hidden, 200 with no `items` for an unknown handle, and each
documented error. Requests to YouTube and X are checked against their published
descriptions; anything off is recorded in `spec_problems` and answered 400.

Tests (and the playground) can make a platform misbehave with `fail(...)`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

from aiohttp import web

from bot.playground.fakes import creators
from bot.playground.fakes.creators import FakeCreator
from bot.playground.fakes.spec import XSpec, YouTubeSpec, specs_dir

FakePlatform = Literal["youtube", "twitch", "instagram", "x"]
FaultKind = Literal[
    "quota",  # YouTube quotaExceeded
    "key_invalid",  # YouTube keyInvalid / X 401 / Twitch 401 / Instagram 190
    "slow",  # answers after `delay` seconds
    "oversized",  # a valid JSON answer over 1 MB (Content-Length says so)
    "oversized_streamed",  # over 1 MB sent in chunks, with no Content-Length to go by
    "malformed",  # 200 with an HTML body
    "rate_limited",  # 429 naming a short wait (1 s)
    "rate_limited_long",  # 429 naming a wait of an hour
    "server_error",  # 503
    "redirect",  # 302 to another host
    "user_token_needed",  # Twitch: followers total refused to an app token
    "usage_full",  # Instagram: answers, but reports 100% usage and 10 minutes to wait
    "limit_spent",  # Twitch, X: answers, but the rate-limit headers say none are left
]
BIG_BODY_BYTES: Final = 1024 * 1024 + 100


@dataclass(slots=True)
class Fault:
    kind: FaultKind
    times: int = 1_000_000  # how many requests it affects
    delay: float = 6.0  # for "slow"


@dataclass(frozen=True, slots=True)
class SeenRequest:
    platform: FakePlatform
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float = 0.0  # time.time() when it arrived


@dataclass(eq=False)
class PlatformFakes:
    """Start with `await fakes.start()`; point the bot's *_BASE settings at `settings()`."""

    host: str = "127.0.0.1"
    port: int = 0
    requests: list[SeenRequest] = field(default_factory=list)
    spec_problems: list[str] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)
    access_token: str = "fake-twitch-app-token-0001"
    tokens_issued: int = 0
    in_flight: int = 0  # requests being answered right now
    most_in_flight: int = 0  # the most ever answered at once
    token_lifetime: int = 5011271  # expires_in of each Twitch app token, in seconds
    # The playground runs without the descriptions (checks off); tests insist on them.
    require_specs: bool = False
    _runner: web.AppRunner | None = None
    _youtube_spec: YouTubeSpec | None = None
    _x_spec: XSpec | None = None

    # Credentials the fakes accept (the playground and tests use these).
    YOUTUBE_KEY: Final = "fake-youtube-key-AIzaFictional"
    TWITCH_CLIENT_ID: Final = "fake-twitch-client-id"
    TWITCH_SECRET: Final = "fake-twitch-secret-Fictional"
    INSTAGRAM_TOKEN: Final = "fake-instagram-token-EAAFictional"
    INSTAGRAM_ACCOUNT: Final = "17841400000000099"
    X_BEARER: Final = "fake-x-bearer-AAAAFictional"

    async def start(self) -> None:
        youtube = specs_dir() / "youtube" / "youtube.v3.json"
        x = specs_dir() / "x" / "openapi.json"
        if self.require_specs and not (youtube.is_file() and x.is_file()):
            # Tests must not pass quietly with the request checks off.
            raise FileNotFoundError(f"the platforms' API descriptions are missing: {specs_dir()}")
        if youtube.is_file():
            self._youtube_spec = YouTubeSpec()
        if x.is_file():
            self._x_spec = XSpec()
        app = web.Application(middlewares=[self._count_in_flight])
        app.router.add_get("/youtube/v3/{method}", self._youtube)
        app.router.add_post("/oauth2/token", self._twitch_token)
        app.router.add_get("/helix/{path:.*}", self._twitch)
        app.router.add_get("/graph/v21.0/{account}", self._instagram)
        app.router.add_get("/x/{path:.*}", self._x)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    @web.middleware
    async def _count_in_flight(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            return await handler(request)
        finally:
            self.in_flight -= 1

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def root(self) -> str:
        return f"http://{self.host}:{self.port}"

    def settings(
        self, *, platforms: tuple[str, ...] = ("youtube", "twitch", "instagram", "x")
    ) -> dict[str, object]:
        """Settings overrides that aim the bot's lookups at these fakes, with their keys."""
        values: dict[str, object] = {
            "youtube_api_base": f"{self.root}/youtube/v3",
            "twitch_api_base": f"{self.root}/helix",
            "twitch_auth_base": f"{self.root}/oauth2",
            "instagram_graph_base": f"{self.root}/graph/v21.0",
            "x_api_base": f"{self.root}/x",
        }
        if "youtube" in platforms:
            values["youtube_api_key"] = self.YOUTUBE_KEY
        if "twitch" in platforms:
            values["twitch_client_id"] = self.TWITCH_CLIENT_ID
            values["twitch_client_secret"] = self.TWITCH_SECRET
        if "instagram" in platforms:
            values["instagram_access_token"] = self.INSTAGRAM_TOKEN
            values["instagram_business_account_id"] = self.INSTAGRAM_ACCOUNT
        if "x" in platforms:
            values["x_bearer_token"] = self.X_BEARER
        return values

    def fail(
        self, platform: FakePlatform, kind: FaultKind, *, times: int = 1_000_000, delay: float = 6.0
    ) -> None:
        self.faults[platform] = Fault(kind, times, delay)

    def seen(self, platform: FakePlatform) -> list[SeenRequest]:
        return [r for r in self.requests if r.platform == platform]

    # --- shared -------------------------------------------------------------------------

    def _record(self, platform: FakePlatform, request: web.Request) -> None:
        self.requests.append(
            SeenRequest(
                platform,
                request.method,
                request.path,
                dict(request.query),
                dict(request.headers),
                time.time(),
            )
        )

    async def _fault(
        self, platform: FakePlatform, request: web.Request
    ) -> web.StreamResponse | None:
        fault = self.faults.get(platform)
        if fault is None or fault.times <= 0:
            return None
        fault.times -= 1
        match fault.kind:
            case "slow":
                await asyncio.sleep(fault.delay)
                return None
            case "oversized":
                filler = "x" * BIG_BODY_BYTES
                return web.json_response({"items": [], "filler": filler})
            case "oversized_streamed":
                return await _stream_big_body(request)
            case "malformed":
                return web.Response(
                    text="<html>Service maintenance</html>", content_type="text/html"
                )
            case "rate_limited" | "rate_limited_long":
                wait = 1 if fault.kind == "rate_limited" else 3600
                return self._rate_limited(platform, wait)
            case "server_error":
                return web.json_response(
                    {"error": {"code": 503, "message": "Backend Error"}}, status=503
                )
            case "redirect":
                raise web.HTTPFound("https://attacker.invalid/steal")
            case "limit_spent" | "usage_full":
                return None  # a normal answer; its headers say the rest
            case _:
                return self._platform_error(platform, fault.kind)

    def _limit_spent(self, platform: FakePlatform) -> bool:
        fault = self.faults.get(platform)
        return fault is not None and fault.kind == "limit_spent"

    def _rate_limited(self, platform: FakePlatform, wait: int) -> web.Response:
        reset = str(int(time.time()) + wait)
        headers = {"Retry-After": str(wait)}
        if platform == "twitch":
            headers = {
                "Ratelimit-Limit": "800",
                "Ratelimit-Remaining": "0",
                "Ratelimit-Reset": reset,
            }
        elif platform == "x":
            headers = {
                "x-rate-limit-limit": "300",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": reset,
            }
        body: dict[str, Any] = {
            "error": "Too Many Requests",
            "status": 429,
            "message": "rate limit",
        }
        return web.json_response(body, status=429, headers=headers)

    def _platform_error(self, platform: FakePlatform, kind: str) -> web.Response | None:
        if platform == "youtube":
            if kind == "quota":
                return _youtube_error(
                    403,
                    "quotaExceeded",
                    "youtube.quota",
                    "The request cannot be completed because you have exceeded your quota.",
                )
            if kind == "key_invalid":
                return _youtube_error(
                    400,
                    "keyInvalid",
                    "usageLimits",
                    "API key not valid. Please pass a valid API key.",
                )
        if platform == "twitch" and kind == "key_invalid":
            return web.json_response(
                {"error": "Unauthorized", "status": 401, "message": "Invalid OAuth token"},
                status=401,
            )
        if platform == "instagram" and kind == "key_invalid":
            return _graph_error(190, None, "Error validating access token")
        if platform == "x" and kind == "key_invalid":
            return web.json_response(
                {
                    "title": "Unauthorized",
                    "type": "about:blank",
                    "status": 401,
                    "detail": "Unauthorized",
                },
                status=401,
            )
        return None

    # --- YouTube ------------------------------------------------------------------------

    async def _youtube(self, request: web.Request) -> web.StreamResponse:
        self._record("youtube", request)
        method = request.match_info["method"]
        if self._youtube_spec is not None:
            problems = self._youtube_spec.problems(request.method, method, request.query)
            if problems:
                self.spec_problems.extend(problems)
                return _youtube_error(400, "badRequest", "global", "; ".join(problems))
        if request.query.get("key") != self.YOUTUBE_KEY:
            return _youtube_error(
                400, "keyInvalid", "usageLimits", "API key not valid. Please pass a valid API key."
            )
        faulty = await self._fault("youtube", request)
        if faulty is not None:
            return faulty
        now = datetime.now(UTC)
        query = request.query
        if method == "channels":
            filters = sorted(set(query) & _CHANNEL_FILTERS)
            if len(filters) != 1:  # "specify exactly one of the following parameters"
                problem = (
                    f"channels: exactly one filter of {sorted(_CHANNEL_FILTERS)}, got {filters}"
                )
                self.spec_problems.append(problem)
                return _youtube_error(400, "badRequest", "global", problem)
            creator = _youtube_channel(query)
            if creator is None:
                return web.json_response(
                    {
                        "kind": "youtube#channelListResponse",
                        "etag": "e0",
                        "pageInfo": {"totalResults": 0, "resultsPerPage": 5},
                    }
                )
            return web.json_response(_channel_list(creator))
        if method == "playlistItems":
            creator = next(
                (
                    c
                    for c in creators.YOUTUBE.values()
                    if "UU" + c.account_id[2:] == query.get("playlistId")
                ),
                None,
            )
            if creator is None:
                return _youtube_error(
                    404,
                    "playlistNotFound",
                    "youtube.playlistItem",
                    "The playlist identified with the request's playlistId "
                    "parameter cannot be found.",
                )
            limit = int(query.get("maxResults", "5"))
            items = [
                {
                    "kind": "youtube#playlistItem",
                    "contentDetails": {
                        "videoId": f"{creator.account_id[2:10]}v{i:02d}",
                        "videoPublishedAt": post.published(now),
                    },
                }
                for i, post in enumerate(creator.posts[:limit])
            ]
            return web.json_response(
                {
                    "kind": "youtube#playlistItemListResponse",
                    "items": items,
                    "pageInfo": {"totalResults": len(creator.posts), "resultsPerPage": limit},
                }
            )
        if method == "videos":
            wanted = query.get("id", "").split(",")
            items = []
            for creator in creators.YOUTUBE.values():
                for i, post in enumerate(creator.posts):
                    video_id = f"{creator.account_id[2:10]}v{i:02d}"
                    if video_id not in wanted:
                        continue
                    statistics = {"viewCount": str(post.views), "favoriteCount": "0"}
                    if post.likes is not None:
                        statistics["likeCount"] = str(post.likes)
                    if post.comments is not None:
                        statistics["commentCount"] = str(post.comments)
                    items.append(
                        {
                            "kind": "youtube#video",
                            "id": video_id,
                            "snippet": {
                                "publishedAt": post.published(now),
                                "title": f"Fictional video {i + 1}",
                            },
                            "status": {"privacyStatus": "public"},
                            "statistics": statistics,
                        }
                    )
            return web.json_response(
                {
                    "kind": "youtube#videoListResponse",
                    "items": items,
                    "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
                }
            )
        return _youtube_error(404, "notFound", "global", "Not Found")

    # --- Twitch -------------------------------------------------------------------------

    async def _twitch_token(self, request: web.Request) -> web.Response:
        self._record("twitch", request)
        form = await request.post()
        if (
            form.get("client_id") != self.TWITCH_CLIENT_ID
            or form.get("client_secret") != self.TWITCH_SECRET
            or form.get("grant_type") != "client_credentials"
        ):
            return web.json_response(
                {"status": 403, "message": "invalid client secret"}, status=403
            )
        self.tokens_issued += 1
        self.access_token = f"fake-twitch-app-token-{self.tokens_issued:04d}"
        return web.json_response(
            {
                "access_token": self.access_token,
                "expires_in": self.token_lifetime,
                "token_type": "bearer",
            }
        )

    async def _twitch(self, request: web.Request) -> web.StreamResponse:
        self._record("twitch", request)
        if (
            request.headers.get("Authorization") != f"Bearer {self.access_token}"
            or request.headers.get("Client-Id") != self.TWITCH_CLIENT_ID
        ):
            return web.json_response(
                {"error": "Unauthorized", "status": 401, "message": "Invalid OAuth token"},
                status=401,
            )
        path = request.match_info["path"]
        fault = self.faults.get("twitch")
        if path == "channels/followers" and fault is not None and fault.kind == "user_token_needed":
            return web.json_response(
                {
                    "error": "Unauthorized",
                    "status": 401,
                    "message": "Missing scope: moderator:read:followers",
                },
                status=401,
            )
        faulty = await self._fault("twitch", request)
        if faulty is not None:
            return faulty
        spent = self._limit_spent("twitch")
        headers = {
            "Ratelimit-Limit": "800",
            "Ratelimit-Remaining": "0" if spent else "799",
            "Ratelimit-Reset": str(int(time.time()) + (3600 if spent else 60)),
        }
        query = request.query
        if path == "users":
            creator = creators.TWITCH.get(query.get("login", "").lower())
            data = (
                []
                if creator is None
                else [
                    {
                        "id": creator.account_id,
                        "login": creator.name,
                        "display_name": creator.name,
                        "type": "",
                        "broadcaster_type": "affiliate",
                        "description": "Fictional.",
                        "created_at": "2019-05-01T10:00:00Z",
                    }
                ]
            )
            return web.json_response({"data": data}, headers=headers)
        by_id = {c.account_id: c for c in creators.TWITCH.values()}
        if path == "channels/followers":
            creator = by_id.get(query.get("broadcaster_id", ""))
            if creator is None:
                return web.json_response(
                    {"error": "Bad Request", "status": 400, "message": "invalid broadcaster_id"},
                    status=400,
                )
            return web.json_response(
                {"total": creator.followers, "data": [], "pagination": {}}, headers=headers
            )
        if path == "videos":
            creator = by_id.get(query.get("user_id", ""))
            now = datetime.now(UTC)
            first = int(query.get("first", "20"))
            videos: list[dict[str, Any]] = (
                []
                if creator is None
                else [
                    {
                        "id": f"9{i:05d}",
                        "user_login": creator.name,
                        "title": f"Fictional stream {i}",
                        "published_at": post.published(now),
                        "created_at": post.published(now),
                        "view_count": post.views or 0,
                        "duration": "3h2m1s",
                        "type": "archive",
                    }
                    for i, post in enumerate(creator.posts[:first])
                ]
            )
            return web.json_response({"data": videos, "pagination": {}}, headers=headers)
        return web.json_response({"error": "Not Found", "status": 404, "message": ""}, status=404)

    # --- Instagram ----------------------------------------------------------------------

    async def _instagram(self, request: web.Request) -> web.StreamResponse:
        self._record("instagram", request)
        if request.query.get("access_token") != self.INSTAGRAM_TOKEN:
            return _graph_error(190, None, "Invalid OAuth access token - Cannot parse token")
        if request.match_info["account"] != self.INSTAGRAM_ACCOUNT:
            return _graph_error(100, 33, "Unsupported get request.")
        fault = self.faults.get("instagram")
        full = fault is not None and fault.kind == "usage_full"
        faulty = None if full else await self._fault("instagram", request)
        if faulty is not None:
            return faulty
        fields = request.query.get("fields", "")
        prefix = "business_discovery.username("
        if not fields.startswith(prefix) or ")" not in fields:
            return _graph_error(100, None, "Invalid parameter")
        name = fields[len(prefix) : fields.index(")")]
        limit_start = fields.find("media.limit(")
        limit = 25
        if limit_start != -1:
            limit = int(fields[limit_start + 12 : fields.index(")", limit_start)])
        creator = creators.INSTAGRAM.get(name.lower())
        if creator is None or not creator.business:
            return _graph_error(110, 2207013, "Cannot find User")
        now = datetime.now(UTC)
        media = []
        for i, post in enumerate(creator.posts[:limit]):
            item: dict[str, Any] = {
                "comments_count": post.comments,
                "timestamp": post.published(now).replace("Z", "+0000"),
                "media_type": "IMAGE",
                "media_product_type": "FEED",
                "id": f"1790000000000{i:04d}",
            }
            if post.likes is not None:
                item["like_count"] = post.likes
            media.append(item)
        usage = {
            self.INSTAGRAM_ACCOUNT: [
                {
                    "type": "instagram",
                    "call_count": 100 if full else 3,
                    "total_cputime": 1,
                    "total_time": 2,
                    "estimated_time_to_regain_access": 10 if full else 0,
                }
            ]
        }
        return web.json_response(
            {
                "business_discovery": {
                    "followers_count": creator.followers,
                    "media_count": len(creator.posts),
                    "media": {"data": media},
                    "id": creator.account_id,
                },
                "id": self.INSTAGRAM_ACCOUNT,
            },
            headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
        )

    # --- X ------------------------------------------------------------------------------

    async def _x(self, request: web.Request) -> web.StreamResponse:
        self._record("x", request)
        path = "/" + request.match_info["path"]
        if self._x_spec is not None:
            problems = self._x_spec.problems(request.method, path, request.query)
            if problems:
                self.spec_problems.extend(problems)
                return web.json_response(
                    {
                        "title": "Invalid Request",
                        "type": "about:blank",
                        "detail": "; ".join(problems),
                        "status": 400,
                    },
                    status=400,
                )
        if request.headers.get("Authorization") != f"Bearer {self.X_BEARER}":
            return web.json_response(
                {
                    "title": "Unauthorized",
                    "type": "about:blank",
                    "status": 401,
                    "detail": "Unauthorized",
                },
                status=401,
            )
        faulty = await self._fault("x", request)
        if faulty is not None:
            return faulty
        spent = self._limit_spent("x")
        headers = {
            "x-rate-limit-limit": "300",
            "x-rate-limit-remaining": "0" if spent else "299",
            "x-rate-limit-reset": str(int(time.time()) + (3600 if spent else 900)),
        }
        username = path.rsplit("/", 1)[-1]
        creator = creators.X.get(username.lower())
        if creator is None:
            return web.json_response(
                {
                    "errors": [
                        {
                            "value": username,
                            "detail": f"Could not find user with username: [{username}].",
                            "title": "Not Found Error",
                            "resource_type": "user",
                            "parameter": "username",
                            "resource_id": username,
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                        }
                    ]
                },
                headers=headers,
            )
        return web.json_response(
            {
                "data": {
                    "id": creator.account_id,
                    "name": "Northwind Labs (fictional)",
                    "username": creator.name,
                    "public_metrics": {
                        "followers_count": creator.followers,
                        "following_count": 210,
                        "tweet_count": 4_120,
                        "listed_count": 33,
                        "like_count": 900,
                    },
                }
            },
            headers=headers,
        )


# channels.list's filters (YouTube's reference: exactly one per request). Tierbot uses these
# three; the others (categoryId, managedByMe, mine) need more than an API key.
_CHANNEL_FILTERS: Final = frozenset({"id", "forHandle", "forUsername"})


def _youtube_channel(query: Any) -> FakeCreator | None:
    if "id" in query:
        return next((c for c in creators.YOUTUBE.values() if c.account_id == query["id"]), None)
    if "forUsername" in query:
        # Legacy usernames match regardless of case; a handle is not a username.
        found = creators.YOUTUBE.get(str(query["forUsername"]).lower())
        return found if found is not None and found.legacy_username else None
    handle = str(query.get("forHandle", "")).removeprefix("@").lower()
    found = creators.YOUTUBE.get(handle)
    return found if found is not None and not found.legacy_username else None


def _channel_list(creator: FakeCreator) -> dict[str, Any]:
    statistics: dict[str, Any] = {
        "viewCount": str(creator.followers * 40),
        "hiddenSubscriberCount": creator.hidden_followers,
        "videoCount": str(len(creator.posts)),
    }
    if not creator.hidden_followers:
        statistics["subscriberCount"] = str(creator.followers)
    related: dict[str, str] = {"likes": ""}
    if creator.posts:
        related["uploads"] = "UU" + creator.account_id[2:]
    else:
        related["uploads"] = "UU" + creator.account_id[2:] + "x"  # an empty playlist: 404s
    return {
        "kind": "youtube#channelListResponse",
        "etag": "e1",
        "pageInfo": {"totalResults": 1, "resultsPerPage": 5},
        "items": [
            {
                "kind": "youtube#channel",
                "etag": "e2",
                "id": creator.account_id,
                "statistics": statistics,
                "contentDetails": {"relatedPlaylists": related},
            }
        ],
    }


async def _stream_big_body(request: web.Request) -> web.StreamResponse:
    """A JSON body over 1 MB in 64 KB chunks, chunked: only counting the bytes catches it."""
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    await response.write(b'{"items": [], "filler": "')
    chunk = b"x" * (64 * 1024)
    for _ in range(BIG_BODY_BYTES // len(chunk) + 1):
        try:
            await response.write(chunk)
        except (ConnectionResetError, RuntimeError):
            return response  # the client stopped reading, as it should
    await response.write(b'"}')
    await response.write_eof()
    return response


def _youtube_error(status: int, reason: str, domain: str, message: str) -> web.Response:
    return web.json_response(
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
            }
        },
        status=status,
    )


def _graph_error(code: int, subcode: int | None, message: str) -> web.Response:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AFictionalTrace",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return web.json_response({"error": error}, status=400)
