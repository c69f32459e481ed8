"""The end of scripts/deploy-check: sign someone up on the deployed site (through nginx)
and wait until the task worker has delivered the confirmation mail.

Standard library only, so any Python runs it. Connects to ``--connect`` (127.0.0.1) but
speaks to ``--host`` (Host header, TLS server name), trusting ``--ca`` when given.
"""

from __future__ import annotations

import argparse
import email.parser
import email.policy
import http.client
import secrets
import socket
import ssl
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path


class _Form(HTMLParser):
    """The fields of the form that carries the CSRF token."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action") or "", "fields": {}, "checks": []}
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "checkbox":
                self._current["checks"].append(attrs["name"])
            elif kind not in {"submit", "button"}:
                self._current["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "link" and attrs.get("rel") == "stylesheet" and attrs.get("href"):
            self.stylesheets.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


class Site:
    def __init__(self, site: str, connect: str, host: str, ca: str | None):
        url = urllib.parse.urlsplit(site)
        self.scheme, self.port = url.scheme, url.port or (443 if url.scheme == "https" else 80)
        self.site, self.connect, self.host = site.rstrip("/"), connect, host
        self.context = None
        if self.scheme == "https":
            self.context = (
                ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()
            )
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        sock = socket.create_connection((self.connect, self.port), timeout=30)
        if self.context is not None:
            sock = self.context.wrap_socket(sock, server_hostname=self.host)
        conn = http.client.HTTPConnection(self.connect, self.port, timeout=30)
        conn.sock = sock
        all_headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "korpu-deploy-check"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        content = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        conn.close()
        return response.status, response.headers, content


def fail(message: str) -> None:
    print(f"deploy-check: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--connect", default="127.0.0.1")
    parser.add_argument("--host", required=True)
    parser.add_argument("--ca")
    parser.add_argument("--mail-dir", required=True, type=Path)
    parser.add_argument("--http-redirect", type=int, default=0, help="nginx's plain-HTTP port")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    site = Site(args.site, args.connect, args.host, args.ca)

    if args.http_redirect:
        plain = Site(f"http://{args.host}:{args.http_redirect}", args.connect, args.host, None)
        status, headers, _ = plain.request("GET", "/en/")
        if status != 301 or not headers.get("Location", "").startswith(args.site):
            fail(f"plain HTTP should redirect to {args.site}: {status} {headers.get('Location')}")
        print(f"   http://…:{args.http_redirect}/en/ -> 301 {headers['Location']}")

    signup = "/en/accounts/signup/"
    status, _headers, content = site.request("GET", signup)
    if status != 200:
        fail(f"GET {signup} answered {status}")
    page = _Form()
    page.feed(content.decode("utf-8", "replace"))
    forms = [
        f for f in page.forms if "csrfmiddlewaretoken" in f["fields"] and "email" in f["fields"]
    ]
    if not forms:
        fail("the sign-up page has no sign-up form")
    for href in page.stylesheets[:1]:
        status, headers, _ = site.request("GET", href)
        if status != 200:
            fail(f"static file {href} answered {status}")
        print(f"   {href}: 200, {headers.get('Cache-Control')}")

    address = f"deploy-{secrets.token_hex(4)}@example.org"
    password = secrets.token_urlsafe(16)
    fields = dict(forms[0]["fields"])
    fields.update(
        {
            "email": address,
            "password1": password,
            "password2": password,
            "first_name": "Deploy",
            "last_name": "Check",
        }
    )
    fields.update(dict.fromkeys(forms[0]["checks"], "on"))
    status, headers, content = site.request(
        "POST",
        forms[0]["action"] or signup,
        body=urllib.parse.urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{args.site}{signup}",
            "Origin": args.site,
        },
    )
    if status != 302:
        fail(f"sign-up answered {status}, not a redirect: {content[:1500]!r}")
    print(f"   signed up {address}: 302 -> {headers.get('Location')}")

    deadline = time.monotonic() + args.timeout
    parser_ = email.parser.BytesParser(policy=email.policy.default)
    while time.monotonic() < deadline:
        for path in sorted(args.mail_dir.glob("*.log")) if args.mail_dir.exists() else []:
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not chunk.strip():
                    continue
                message = parser_.parsebytes(chunk)
                if address in str(message["To"]):
                    body = message.get_body(preferencelist=("plain",)).get_content()
                    if f"{args.site}/" not in body:
                        fail(f"the confirmation mail has no link to {args.site}: {body[:500]}")
                    print(f"   confirmation mail delivered: {message['Subject']}")
                    return
        time.sleep(0.5)
    fail(f"no mail to {address} in {args.mail_dir} after {args.timeout:.0f} s")


if __name__ == "__main__":
    main()
