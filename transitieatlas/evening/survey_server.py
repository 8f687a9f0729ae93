"""A light web server for the evening's survey on the hall's local network (no internet).

Phones open ``/enquete/NAAM`` (plain HTML form, no scripts, no map, a few kB), answer and
state their geleding; the projector shows ``/enquete/NAAM/uitslag`` (refreshes itself every
5 s) and ``/enquete/NAAM/qr.svg`` (the QR code of the form's address, made with segno).
One answer per phone: the first visit sets a random cookie ``ta_phone``; the database refuses
a second answer with that cookie. Threads answer the phones; writes are serialised in
:mod:`transitieatlas.evening.survey_repo`.

Start it with ``transitieatlas survey serve NAAM`` (see :mod:`transitieatlas.cli.survey`).
"""

from __future__ import annotations

import html
import secrets
import socket
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from transitieatlas.errors import InputError, NotInStore
from transitieatlas.evening import survey as logic
from transitieatlas.evening import survey_repo as repo
from transitieatlas.geledingen import GELEDINGEN, LABELS

COOKIE = "ta_phone"
_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:40em;margin:0 auto;padding:1em;"
    "font-size:18px;line-height:1.4;color:#111}fieldset{border:1px solid #999;margin:1em 0;"
    "border-radius:6px}label{display:block;margin:.35em 0}button{font-size:20px;padding:.5em 1.5em}"
    ".fout{background:#fde0dc;padding:.5em;border-radius:6px}table{border-collapse:collapse}"
    "td,th{padding:.2em .6em;border-bottom:1px solid #ccc;text-align:left}td.n{text-align:right}"
)


def lan_address() -> str:
    """This laptop's address on the local network (no packet is sent), else 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            return str(sock.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def _page(title: str, body: str, refresh: int | None = None) -> bytes:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{meta}<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>"
    ).encode()


def form_html(survey: dict[str, Any], error: str = "") -> bytes:
    """The answer form (plain HTML: works on any phone, no scripts)."""
    e = html.escape
    parts = [f"<h1>{e(survey['title'])}</h1>"]
    if error:
        parts.append(f'<p class="fout">{e(error)}</p>'.replace("\n", "<br>"))
    parts.append('<form method="post"><fieldset><legend>Uw geleding</legend>')
    parts += [
        f'<label><input type="radio" name="geleding" value="{g}"> {e(LABELS[g])}</label>'
        for g in GELEDINGEN
    ]
    parts.append("</fieldset>")
    for q in survey["questions"]:
        qid = e(q["id"])
        parts.append(f"<fieldset><legend>{e(q['text'])} ({e(logic.KINDS[q['kind']])})</legend>")
        for i, option in enumerate(q["options"]):
            if q["kind"] == "keuze":
                parts.append(f'<label><input type="radio" name="q_{qid}" value="{e(option)}"> {e(option)}</label>')  # fmt: skip
            elif q["kind"] == "groep":
                parts.append(f'<label><input type="checkbox" name="q_{qid}" value="{e(option)}"> {e(option)}</label>')  # fmt: skip
            else:
                choices = "".join(f"<option>{n}</option>" for n in range(1, len(q["options"]) + 1))
                parts.append(f'<label><select name="q_{qid}_{i}"><option></option>{choices}</select> {e(option)}</label>')  # fmt: skip
        parts.append("</fieldset>")
    parts.append(
        "<fieldset><legend>Mogen we contact met u opnemen? (niet verplicht)</legend>"
        '<label>Naam <input name="contact_name" maxlength="200"></label>'
        '<label>E-mail of telefoon <input name="contact" maxlength="200"></label>'
        f'<label><input type="checkbox" name="consent" value="ja"> {e(logic.CONSENT_TEXT)}</label>'
        '</fieldset><button type="submit">Versturen</button></form>'
    )
    return _page(survey["title"], "".join(parts))


def parse_form(survey: dict[str, Any], body: str) -> tuple[str, dict[str, Any], dict | None]:
    """Geleding, raw answers and contact (or None) from a posted form; :class:`InputError`
    when contact details come without consent."""
    fields = parse_qs(body, keep_blank_values=True)
    raw: dict[str, Any] = {}
    for q in survey["questions"]:
        key = f"q_{q['id']}"
        if q["kind"] == "keuze":
            raw[q["id"]] = (fields.get(key) or [""])[0] or None
        elif q["kind"] == "groep":
            raw[q["id"]] = fields.get(key, [])
        else:
            positions = {
                o: (fields.get(f"{key}_{i}") or [""])[0] for i, o in enumerate(q["options"])
            }
            valid = sorted(positions.values()) == [str(n) for n in range(1, len(positions) + 1)]
            raw[q["id"]] = sorted(positions, key=lambda o: int(positions[o])) if valid else []
    name = (fields.get("contact_name") or [""])[0].strip()
    contact = (fields.get("contact") or [""])[0].strip()
    consent = (fields.get("consent") or [""])[0] == "ja"
    if (name or contact) and not consent:
        raise InputError(
            "U vulde contactgegevens in maar gaf geen toestemming: vink die aan, of maak de "
            "velden leeg."
        )
    details = {"name": name, "contact": contact} if consent and name and contact else None
    return (fields.get("geleding") or [""])[0], raw, details


def results_html(name: str) -> bytes:
    """The live results for the projector: per shown geleding and in total."""
    e = html.escape
    survey, results, n = repo.survey_results(name)
    status = "gesloten" if survey["status"] == repo.CLOSED else "open"
    parts = [f"<h1>{e(survey['title'])}: uitslag</h1>",
             f"<p>{n} antwoorden · enquête {status} · elke geleding weegt even zwaar.</p>"]  # fmt: skip
    if results and results[0].hidden:
        few = ", ".join(LABELS[g] for g in results[0].hidden)
        parts.append(
            f"<p>Nog te weinig antwoorden (minder dan {survey['min_count']}) om te tonen en "
            f"mee te tellen: {e(few)}.</p>"
        )
    for r in results:
        shown = r.shown
        head = "".join(f"<th>{e(LABELS[g])}</th>" for g in shown)
        rows = "".join(
            f"<tr><td>{e(option)}</td>"
            + "".join(f'<td class="n">{round(100 * per.get(g, 0))}%</td>' for g in shown)
            + f'<td class="n"><b>{total:.2f}</b></td></tr>'
            for option, total, per in r.ranking
        )
        parts.append(
            f"<h2>{e(r.question['text'])}</h2><table><tr><th>Antwoord</th>{head}"
            f"<th>Totaal (max. {len(shown)})</th></tr>{rows}</table>"
        )
    return _page(f"Uitslag {survey['title']}", "".join(parts), refresh=5)


def qr_svg(url: str) -> bytes:
    """The QR code of ``url`` as SVG (segno), large enough for a projector."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=12, border=2)
    return buffer.getvalue()


class SurveyHandler(BaseHTTPRequestHandler):
    """``/enquete/NAAM`` (GET form, POST answer), ``/uitslag`` and ``/qr.svg`` below it."""

    server_version = "Transitieatlas"
    protocol_version = "HTTP/1.1"
    public_url = "http://127.0.0.1:8502"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet server
        return

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              cookie: str | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if cookie:
            self.send_header("Set-Cookie", f"{COOKIE}={cookie}; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax")  # fmt: skip
        self.end_headers()
        self.wfile.write(body)

    def _route(self) -> tuple[str, str]:
        parts = [unquote(p) for p in urlparse(self.path).path.strip("/").split("/")]
        if len(parts) < 2 or parts[0] != "enquete":
            raise NotInStore("Deze pagina bestaat niet. Scan de QR-code opnieuw.")
        return parts[1], parts[2] if len(parts) > 2 else ""

    def _phone(self) -> tuple[str, str | None]:
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        if COOKIE in jar and jar[COOKIE].value:
            return jar[COOKIE].value, None
        token = secrets.token_urlsafe(16)
        return token, token

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        try:
            name, sub = self._route()
            if sub == "uitslag":
                return self._send(200, results_html(name))
            if sub == "qr.svg":
                repo.get_survey(name)
                return self._send(200, qr_svg(f"{self.public_url}/enquete/{name}"), "image/svg+xml")
            survey = repo.get_survey(name)
            if survey["status"] != repo.OPEN:
                return self._send(
                    410, _page("Gesloten", "<p>Deze enquête is gesloten. Dank u wel!</p>")
                )
            _, new = self._phone()
            self._send(200, form_html(survey), cookie=new)
        except NotInStore as err:
            self._send(404, _page("Niet gevonden", f"<p>{html.escape(str(err))}</p>"))

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = min(int(self.headers.get("Content-Length") or 0), 64_000)
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        try:
            name, _ = self._route()
            survey = repo.get_survey(name)
            phone, new = self._phone()
            geleding, raw, contact = parse_form(survey, body)
            repo.answer(name, phone, geleding, raw, contact)
            self._send(200, _page("Dank u wel", "<h1>Dank u wel!</h1><p>Uw antwoord is ontvangen.</p>"), cookie=new)  # fmt: skip
        except NotInStore as err:
            self._send(404, _page("Niet gevonden", f"<p>{html.escape(str(err))}</p>"))
        except repo.SurveyClosed as err:
            self._send(410, _page("Gesloten", f'<p class="fout">{html.escape(str(err))}</p>'))
        except repo.AlreadyAnswered as err:
            self._send(409, _page("Al ingevuld", f'<p class="fout">{html.escape(str(err))}</p>'))
        except InputError as err:
            self._send(HTTPStatus.BAD_REQUEST, form_html(survey, str(err)))


def make_server(
    host: str = "0.0.0.0", port: int = 8502, public_url: str | None = None
) -> ThreadingHTTPServer:
    """The survey server (not started; port 0 = any free port); ``public_url`` is the address
    the QR code points at (default: this laptop's address on the local network)."""
    handler: Any = type("Handler", (SurveyHandler,), {})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    bound = server.server_address[1]
    handler.public_url = (
        public_url or f"http://{lan_address() if host == '0.0.0.0' else host}:{bound}"
    )
    return server
