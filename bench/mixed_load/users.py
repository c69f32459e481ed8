"""The virtual users of the mixed load: closed-loop clients with think time.

Each virtual user is one person (an API token and a signed-in session) and loops until
the end: it picks a step by weight, sends its request(s), then thinks 0.5–2 s (uniform;
``think``) before the next. Three in ten users browse signed in, the others anonymously;
signed-in pages, page registrations and API calls always use the person's session or
token.

Steps (weights in ``WEIGHTS``):

* ``browse``: a public page (home, lists, an event, a programme, a marketplace profile,
  a lab, a resource, an organisation, a park), from the links of the list pages;
* ``search``: the marketplace's search (most), the directory's or the events' (``TERMS``);
* ``api_read``: a list or a detail of the API (events, profiles with a query, resources,
  organisations, programmes, me, my bookings, my registration);
* ``signed_in``: the person's dashboard, events or bookings;
* ``register_api``: ``POST /api/v1/events/{id}/registrations`` for an event it has not
  tried yet (one try in ten: one it registered for, which must be refused);
* ``register_page``: the event's registration form (GET, counted as ``signed_in``) then
  its POST with the CSRF token (a redirect to the registration: registered; the form
  again: refused), then the registration page (``signed_in``);
* ``book``: ``POST /api/v1/facilities/bookings``, one hour of an instrument on a random
  day 2–29 days ahead (taken: 409, counted apart).

Where there are several app processes, each request goes to the next process in turn
(round-robin per request, each user starting at its own offset: what a proxy without
sticky sessions does), so a session, a CSRF cookie or a flash message made by one process
is used by the other.
"""

from __future__ import annotations

import asyncio
import datetime
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import httpx

WEIGHTS = {
    "browse": 40,
    "search": 15,
    "api_read": 15,
    "signed_in": 8,
    "register_api": 7,
    "register_page": 5,
    "book": 10,
}
TERMS = [
    "solar panel",
    "günəş paneli",
    "güneş paneli",
    "sensor",
    "robot",
    "machine learning",
    "battery",
    "drone",
    "water",
    "agriculture",
    "cyber security",
    "siber güvenlik",
    "textile",
    "3D printing",
    "microchip",
    "logistics",
    "medical device",
    "kənd təsərrüfatı",
    "yapay zeka",
    "süni intellekt",
    "fintech",
    "energy storage",
    "composite",
    "laser",
    "IoT",
    "automotive",
    "education",
    "port",
    "oil",
    "satellite",
]
LIST_PAGES = [
    "/en/",
    "/en/events/",
    "/en/programmes/",
    "/en/marketplace/",
    "/en/labs/",
    "/en/organisations/",
    "/en/parks/",
    "/az/",
    "/tr/events/",
]
# Links worth following from the list pages (details), by their shape.
DETAIL = re.compile(
    r'href="(/en/(?:events|programmes|marketplace/profiles|labs|labs/resources|organisations|'
    r'parks)/[\w-]+/)"'
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ZONE = ZoneInfo("Asia/Baku")
KINDS = [*WEIGHTS]


@dataclass
class Sample:
    kind: str
    started: float  # perf_counter
    ms: float
    status: int
    outcome: str  # ok, refused:<code>, conflict, 5xx, error, unexpected
    user: int
    process: int
    detail: str = ""


@dataclass
class Outcomes:
    """What the users were told, for the checks against the database."""

    registered: dict = field(default_factory=dict)  # (user, event_id) -> "api"/"page"
    positions: dict = field(default_factory=dict)  # event_id -> [waiting positions told]
    refused_full: dict = field(default_factory=dict)  # event_id -> count
    bookings: dict = field(default_factory=dict)  # booking id -> (user, resource, starts)
    session_lost: int = 0


@dataclass
class Load:
    bases: list[str]
    keys: list[str]
    sessions: list[str]
    events: list[dict]
    resources: list[dict]
    pages: list[str]
    think: tuple[float, float] = (0.5, 2.0)
    timeout: float = 30.0
    seed: int = 1
    samples: list[Sample] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)

    # --- one user -------------------------------------------------------------------------
    async def user(self, number: int, stop: float) -> None:
        rng = random.Random(self.seed * 100_003 + number)
        member = number % 10 < 3
        state = {"turn": number % len(self.bases), "tried": set()}
        session_cookie = {"sessionid": self.sessions[number]}
        api_headers = {"Authorization": f"Bearer {self.keys[number]}"}
        limits = httpx.Limits(max_connections=2, max_keepalive_connections=0)
        async with (
            httpx.AsyncClient(timeout=self.timeout, limits=limits, trust_env=False) as anon,
            httpx.AsyncClient(
                timeout=self.timeout, limits=limits, trust_env=False, cookies=session_cookie
            ) as signed,
        ):
            # Users arrive spread over the first seconds rather than all at once.
            await asyncio.sleep(rng.uniform(0, min(5.0, self.think[1] * 2)))
            while time.perf_counter() < stop:
                kind = rng.choices(KINDS, weights=[WEIGHTS[k] for k in KINDS])[0]
                if kind == "browse":
                    await self.get(
                        number, state, "browse", member and signed or anon, rng.choice(self.pages)
                    )
                elif kind == "search":
                    await self.search(number, state, member and signed or anon, rng)
                elif kind == "api_read":
                    await self.api_read(number, state, anon, api_headers, rng)
                elif kind == "signed_in":
                    path = rng.choice(["/en/dashboard/", "/en/events/my/", "/en/labs/my/"])
                    await self.get(number, state, "signed_in", signed, path)
                elif kind == "register_api":
                    await self.register_api(number, state, anon, api_headers, rng)
                elif kind == "register_page":
                    await self.register_page(number, state, signed, rng, stop)
                else:
                    await self.book(number, state, anon, api_headers, rng)
                await asyncio.sleep(rng.uniform(*self.think))

    # --- requests ---------------------------------------------------------------------------
    async def send(self, number, state, kind, client, method, path, **kwargs):
        """One request to the next process in turn; returns (sample, response or None)."""
        process = state["turn"]
        state["turn"] = (process + 1) % len(self.bases)
        started = time.perf_counter()
        try:
            response = await client.request(method, self.bases[process] + path, **kwargs)
        except (httpx.HTTPError, OSError) as exc:
            ms = (time.perf_counter() - started) * 1000
            sample = Sample(kind, started, ms, 0, "error", number, process, repr(exc)[:200])
            self.samples.append(sample)
            return sample, None
        ms = (time.perf_counter() - started) * 1000
        status = response.status_code
        outcome = "5xx" if status >= 500 else "ok"
        sample = Sample(kind, started, ms, status, outcome, number, process)
        self.samples.append(sample)
        return sample, response

    def expect(self, sample, response, ok=(200,), detail=""):
        if response is not None and sample.outcome == "ok" and response.status_code not in ok:
            sample.outcome = "unexpected"
            sample.detail = f"{response.request.url.path} {response.status_code} {detail}"[:300]

    async def get(self, number, state, kind, client, path):
        sample, response = await self.send(number, state, kind, client, "GET", path)
        if response is None:
            return None
        location = response.headers.get("location", "")
        if kind == "signed_in" and response.status_code == 302 and "/accounts/login/" in location:
            self.outcomes.session_lost += 1
        self.expect(sample, response)
        return response

    async def search(self, number, state, client, rng):
        term = rng.choice(TERMS)
        where = rng.choices(["/en/marketplace/", "/en/organisations/", "/en/events/"], [6, 3, 1])
        await self.get(number, state, "search", client, f"{where[0]}?{urlencode({'q': term})}")

    async def api_read(self, number, state, client, headers, rng):
        event = rng.choice(self.events)["id"]
        path = rng.choice(
            [
                "/api/v1/events",
                f"/api/v1/events/{event}",
                f"/api/v1/transfer/profiles?{urlencode({'q': rng.choice(TERMS)})}",
                "/api/v1/transfer/profiles",
                "/api/v1/facilities/resources",
                "/api/v1/organisations",
                "/api/v1/programmes",
                "/api/v1/me",
                "/api/v1/facilities/bookings",
            ]
        )
        mine = [e for (user, e) in self.outcomes.registered if user == number]
        if mine and rng.random() < 0.2:
            path = f"/api/v1/events/{rng.choice(mine)}/registrations/mine"
        sample, response = await self.send(
            number, state, "api_read", client, "GET", path, headers=headers
        )
        self.expect(sample, response)

    def pick_event(self, number, state, rng):
        """An event not tried yet; one time in ten (or when all were) one already tried."""
        untried = [e for e in self.events if e["id"] not in state["tried"]]
        if untried and rng.random() >= 0.1:
            return rng.choice(untried)
        return rng.choice(self.events)

    async def register_api(self, number, state, client, headers, rng):
        event = self.pick_event(number, state, rng)
        path = f"/api/v1/events/{event['id']}/registrations"
        sample, response = await self.send(
            number, state, "register_api", client, "POST", path, headers=headers, json={}
        )
        if response is None or sample.outcome != "ok":
            return
        state["tried"].add(event["id"])
        body = _json(response)
        if response.status_code == 201 and body.get("status") in ("confirmed", "waitlisted"):
            self.outcomes.registered[(number, event["id"])] = "api"
            if body.get("position") is not None:
                self.outcomes.positions.setdefault(event["id"], []).append(body["position"])
            return
        code = _code(body)
        if response.status_code in (409, 422) and code in ("full", "already_registered"):
            sample.outcome = f"refused:{code}"
            if code == "full":
                self.outcomes.refused_full[event["id"]] = (
                    self.outcomes.refused_full.get(event["id"], 0) + 1
                )
            return
        self.expect(sample, response, ok=(), detail=str(body)[:200])

    async def register_page(self, number, state, client, rng, stop):
        event = self.pick_event(number, state, rng)
        form_path = f"/en/events/{event['slug']}/register/"
        sample, form = await self.send(number, state, "signed_in", client, "GET", form_path)
        if form is None or sample.outcome != "ok":
            return
        if form.status_code == 302 and form.headers["location"].endswith("/registration/"):
            state["tried"].add(event["id"])  # registered already: sent to the registration
            return
        self.expect(sample, form)
        if form.status_code != 200:
            return
        token = CSRF.search(form.text)
        if token is None:
            self.samples[-1].outcome = "unexpected"
            self.samples[-1].detail = f"{form_path}: no CSRF token in the form"
            return
        await asyncio.sleep(rng.uniform(*self.think))  # filling in the form
        if time.perf_counter() >= stop:
            return
        sample, response = await self.send(
            number,
            state,
            "register_page",
            client,
            "POST",
            form_path,
            data={"csrfmiddlewaretoken": token.group(1), "invitation": ""},
        )
        if response is None or sample.outcome != "ok":
            return
        state["tried"].add(event["id"])
        location = response.headers.get("location", "")
        if response.status_code == 302 and location.endswith(f"/{event['slug']}/registration/"):
            self.outcomes.registered[(number, event["id"])] = "page"
            await asyncio.sleep(rng.uniform(*self.think))
            if time.perf_counter() < stop:
                await self.get(number, state, "signed_in", client, location)
            return
        if response.status_code == 200:
            text = response.text
            if "already registered" in text:
                sample.outcome = "refused:already_registered"
                return
            if "This event is full" in text:
                sample.outcome = "refused:full"
                self.outcomes.refused_full[event["id"]] = (
                    self.outcomes.refused_full.get(event["id"], 0) + 1
                )
                return
        self.expect(sample, response, ok=(), detail=location or response.text[:200])

    async def book(self, number, state, client, headers, rng):
        resource = rng.choice(self.resources)
        day = datetime.date.today() + datetime.timedelta(days=rng.randint(2, 29))
        starts = datetime.datetime.combine(day, datetime.time(rng.randint(0, 22)), ZONE)
        payload = {
            "resource": resource["id"],
            "starts_at": starts.isoformat(),
            "ends_at": (starts + datetime.timedelta(hours=1)).isoformat(),
        }
        sample, response = await self.send(
            number,
            state,
            "book",
            client,
            "POST",
            "/api/v1/facilities/bookings",
            headers=headers,
            json=payload,
        )
        if response is None or sample.outcome != "ok":
            return
        body = _json(response)
        if response.status_code == 201 and "id" in body:
            self.outcomes.bookings[body["id"]] = (number, resource["id"], payload["starts_at"])
            return
        # Taken by someone else, or by this person already (a second try of the same hour).
        if response.status_code == 409 and _code(body) in ("taken", "already_booked"):
            sample.outcome = "conflict"
            return
        self.expect(sample, response, ok=(), detail=str(body)[:200])

    # --- everyone -------------------------------------------------------------------------
    async def run(self, clients: int, seconds: float) -> None:
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(self.user(number, stop) for number in range(clients)))


def _json(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _code(body: dict) -> str:
    """The refusal's code: the error's own, or its first detail's for a 422."""
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    details = [d.get("code") for d in error.get("details") or [] if isinstance(d, dict)]
    code = error.get("code") or ""
    if details and code in ("", "invalid", "validation_error"):
        return details[0] or code
    return code


async def discover(base: str, extra: list[str], workers: int) -> list[str]:
    """The pages to browse: the list pages and the detail pages they link to, plus
    ``extra``; every one checked to answer 200. This warms the process up too, with
    searches sent ``workers`` at a time so each worker builds its search index before
    the measurement (the first search of a process takes seconds)."""
    found = set(LIST_PAGES) | set(extra)
    async with httpx.AsyncClient(base_url=base, timeout=120, trust_env=False) as client:
        for path in LIST_PAGES:
            response = await client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            found.update(DETAIL.findall(response.text))
        pages = []
        for path in sorted(found):
            response = await client.get(path)
            if response.status_code == 200:
                pages.append(path)
        for round_ in range(3):
            searches = [
                f"/en/marketplace/?{urlencode({'q': TERMS[(round_ * workers + n) % len(TERMS)]})}"
                for n in range(workers)
            ]
            await asyncio.gather(*(client.get(path) for path in searches))
    return pages
