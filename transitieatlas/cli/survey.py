"""``transitieatlas survey create|serve|close|results|contacts``: the evening's survey.

``kwesties`` (presidium) turns a closed survey's ranking into kwesties; ``interesse`` counts
who would join each vraaggroep. ``serve`` starts the light survey server on the local network (no internet needed) and
prints the address and its QR code; phones answer at ``/enquete/NAAM``, the projector shows
``/enquete/NAAM/uitslag``. ``contacts`` is for the campaign team only (``--campaign``,
``--user``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("survey", help="de enquête van de informatieavond")
    commands = parser.add_subparsers(dest="survey_command", metavar="OPDRACHT", required=True)
    create = commands.add_parser("create", help="een enquête maken (standaardvragen)")
    create.add_argument("name", metavar="NAAM")
    create.add_argument("--titel", default="")
    create.add_argument("--minimum", type=int, default=5, help="antwoorden per geleding vóór die zichtbaar wordt")  # fmt: skip
    create.add_argument(
        "--kwesties", default="", help="kwesties om te rangschikken, gescheiden door ;"
    )
    create.set_defaults(func=run_create)
    serve = commands.add_parser("serve", help="de enquête op het lokale netwerk aanbieden")
    serve.add_argument("name", metavar="NAAM")
    serve.add_argument("--host", default="0.0.0.0", help="adres (standaard: alle netwerken)")
    serve.add_argument("--port", type=int, default=8502)
    serve.set_defaults(func=run_serve)
    close = commands.add_parser("close", help="de enquête sluiten")
    close.add_argument("name", metavar="NAAM")
    close.set_defaults(func=run_close)
    results = commands.add_parser("results", help="uitslag per geleding en in totaal")
    results.add_argument("name", metavar="NAAM")
    results.add_argument("--format", choices=["text", "json"], default="text")
    results.set_defaults(func=run_results)
    contacts = commands.add_parser("contacts", help="contactgegevens met toestemming (CSV, campagneteam)")  # fmt: skip
    contacts.add_argument("name", metavar="NAAM")
    contacts.add_argument("--campaign", required=True, help="naam van de campagne (uw team)")
    contacts.add_argument("--user", help="uw account in het campagneteam")
    contacts.set_defaults(func=run_contacts)
    kwesties = commands.add_parser("kwesties", help="rangorde van een gesloten enquête als kwesties (presidium)")  # fmt: skip
    kwesties.add_argument("name", metavar="NAAM")
    kwesties.add_argument("--top", type=int, default=None, help="alleen de beste N onderwerpen")
    kwesties.add_argument("--user", help="uw account (presidium: rol editor)")
    kwesties.set_defaults(func=run_kwesties)
    interest = commands.add_parser("interesse", help="belangstelling per vraaggroep (aantallen)")
    interest.add_argument("name", metavar="NAAM")
    interest.set_defaults(func=run_interest)


def run_create(args: argparse.Namespace) -> int:
    from transitieatlas.evening import survey, survey_repo

    kwesties = [k.strip() for k in args.kwesties.split(";") if k.strip()] or None
    info = survey_repo.create_survey(
        args.name, args.titel, survey.default_questions(kwesties), args.minimum
    )
    print(f"Enquête '{info['name']}' gemaakt met {len(info['questions'])} vragen.")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import segno

    from transitieatlas.evening import survey_repo, survey_server

    survey_repo.get_survey(args.name)
    server = survey_server.make_server(args.host, args.port)
    url = f"{server.RequestHandlerClass.public_url}/enquete/{args.name}"  # type: ignore[attr-defined]
    print(f"Enquête: {url}\nUitslag voor de beamer: {url}/uitslag\nQR-code: {url}/qr.svg")
    segno.make(url, error="m").terminal(compact=True)
    print("Stoppen: Ctrl+C", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def run_close(args: argparse.Namespace) -> int:
    from transitieatlas.evening import survey_repo

    survey_repo.close_survey(args.name)
    print(f"Enquête '{args.name}' is gesloten ({survey_repo.answer_count(args.name)} antwoorden).")
    return 0


def run_results(args: argparse.Namespace) -> int:
    from transitieatlas.evening import survey_repo
    from transitieatlas.geledingen import LABELS

    survey, results, n = survey_repo.survey_results(args.name)
    if args.format == "json":
        data = {
            "survey": survey["name"], "answers": n, "status": survey["status"],
            "min_count": survey["min_count"],
            "questions": [{"id": r.question["id"], "shown": r.shown, "hidden": r.hidden,
                           "ranking": [{"option": o, "total": round(t, 6), "per_geleding": p}
                                       for o, t, p in r.ranking]} for r in results],
        }  # fmt: skip
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    print(f"{survey['title']}: {n} antwoorden (enquête {survey['status']})")
    for r in results:
        print(f"\n{r.question['text']}")
        for option, total, per in r.ranking:
            detail = ", ".join(f"{LABELS[g]} {round(100 * s)}%" for g, s in per.items())
            print(f"  {total:5.2f}  {option}" + (f"  ({detail})" if detail else ""))
    if results and results[0].hidden:
        print(f"\nNog te weinig antwoorden om te tonen: {', '.join(results[0].hidden)}")
    return 0


def _account(args: argparse.Namespace, why: str):  # type: ignore[no-untyped-def]
    """The account named by ``--user`` (password asked, or TRANSITIEATLAS_PASSWORD)."""
    import getpass

    from transitieatlas import config
    from transitieatlas.accounts import auth
    from transitieatlas.errors import InputError

    if not args.user:
        raise InputError(f"{why}: geef --user NAAM.")
    user = auth.authenticate(args.user, config.cli_password() or getpass.getpass("Wachtwoord: "))
    if user is None:
        raise InputError("Naam of wachtwoord klopt niet (of het account is geblokkeerd).")
    return user


def run_kwesties(args: argparse.Namespace) -> int:
    from transitieatlas.evening import survey_repo

    user = _account(args, "Kwesties maken mag alleen het presidium")
    added, skipped = survey_repo.make_kwesties(args.name, user=user, top=args.top)
    print(f"{len(added)} kwesties gemaakt uit enquête '{args.name}':")
    for title in added:
        print(f"  + {title}")
    for title in skipped:
        print(f"  = {title} (bestond al)")
    return 0


def run_interest(args: argparse.Namespace) -> int:
    from transitieatlas.evening import survey_repo

    counts, n = survey_repo.group_interest(args.name)
    print(f"Belangstelling per vraaggroep ({n} antwoorden geteld):")
    for group, count in counts.items():
        print(f"  {count:4d}  {group}")
    return 0


def run_contacts(args: argparse.Namespace) -> int:
    from transitieatlas.csvsafe import neutralise_cell
    from transitieatlas.evening import survey_repo

    user = _account(args, "Contactgegevens alleen voor het campagneteam")
    found = survey_repo.contacts(args.name, user=user, campaign=args.campaign)
    rows = [{k: neutralise_cell(v) for k, v in r.items()} for r in found]
    writer = csv.DictWriter(sys.stdout, ["name", "contact", "geleding", "consented_at", "consent"])
    writer.writeheader()
    writer.writerows(rows)
    return 0
