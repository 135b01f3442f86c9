"""A synthetic corpus for the privacy check, and a function to score a checker on it.

Every sentence is made up. Names are common Dutch first names and surnames, addresses use
the fictional municipality Koggenwaard, BSNs were generated to pass the 11-proef, IBANs
are the textbook examples (NL91ABNA0417164300, BE68 5390 0754 7034, DE89 ...) or carry a
made-up bank code (KOGG, TEST) with computed check digits. Phone numbers and e-mail
addresses are invented (example.nl / voorbeeld.nl where possible).

``PERSONAL`` holds sentences with personal data and the findings a good checker should
report; ``HARMLESS`` holds sentences a checker should leave alone (every finding there is
a false positive): numbers that fail the 11-proef, IBANs with wrong check digits,
amounts, years, case numbers, Iv3 codes, meeting dates, durations, team and institution
names.

Run ``python tests/privacy_corpus.py [rules|deduce]`` from the repository root to print
the scores.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RULE_KINDS = frozenset({"bsn", "iban", "telefoon", "email", "postcode_huisnummer", "geboortedatum", "leeftijd"})
# Kinds a checker must never miss: they identify a person on their own.
CRITICAL_KINDS = frozenset({"bsn", "iban", "telefoon", "email"})


@dataclass(frozen=True)
class Expected:
    text: str
    kind: str
    occurrence: int = 0  # which occurrence of text in the sentence (0 = first)


@dataclass(frozen=True)
class Case:
    text: str
    expected: tuple[Expected, ...] = ()
    note: str = ""

    def spans(self) -> list[tuple[int, int, Expected]]:
        """(start, end, expected) for each expected finding."""
        out = []
        for exp in self.expected:
            pos = -1
            for _ in range(exp.occurrence + 1):
                pos = self.text.find(exp.text, pos + 1)
                if pos < 0:
                    raise ValueError(f"{exp.text!r} not in {self.text!r}")
            out.append((pos, pos + len(exp.text), exp))
        return out


def _c(text: str, *expected: tuple[str, str], note: str = "") -> Case:
    return Case(text, tuple(Expected(t, k) for t, k in expected), note)


PERSONAL: tuple[Case, ...] = (
    # --- BSN -------------------------------------------------------------------------
    _c("Mevrouw Jansen (BSN 725763863) belde over haar uitkering.", ("Mevrouw Jansen", "naam"), ("725763863", "bsn")),
    _c(
        "Het burgerservicenummer van de aanvrager is 1622.75.869, dat stond gewoon in de notitie.",
        ("1622.75.869", "bsn"),
    ),
    _c("Ik heb zijn BSN 192 285 142 in het gesprek genoemd, dat had niet gemoeten.", ("192 285 142", "bsn")),
    _c("De vader, bsn 691682483, wilde niet dat school werd ingelicht.", ("691682483", "bsn")),
    _c("BSN: 987825707 - dossier aangemaakt na de melding van de buren.", ("987825707", "bsn")),
    # --- IBAN ------------------------------------------------------------------------
    _c("De huur werd overgemaakt naar NL91ABNA0417164300, de rekening van zijn broer.", ("NL91ABNA0417164300", "iban")),
    _c(
        "Ze gaf haar rekeningnummer NL24 KOGG 0123 4567 89 door voor de bijzondere bijstand.",
        ("NL24 KOGG 0123 4567 89", "iban"),
    ),
    _c("Het leefgeld gaat voortaan naar NL62TEST0987654321 van de bewindvoerder.", ("NL62TEST0987654321", "iban")),
    _c(
        "Meneer heeft nog een Belgische rekening, BE68 5390 0754 7034, waar zijn pensioen op binnenkomt.",
        ("BE68 5390 0754 7034", "iban"),
    ),
    _c("De schuldeiser wilde betaald worden op DE89 3704 0044 0532 0130 00.", ("DE89 3704 0044 0532 0130 00", "iban")),
    # --- phone -----------------------------------------------------------------------
    _c(
        "Haar dochter Fatima is bereikbaar op 06-12345678 als mevrouw niet opneemt.",
        ("Fatima", "naam"),
        ("06-12345678", "telefoon"),
    ),
    _c("Bel de mantelzorger gerust: 06 8765 4321.", ("06 8765 4321", "telefoon")),
    _c("Het nummer van de buurvrouw is 0570-123456, zij heeft een sleutel.", ("0570-123456", "telefoon")),
    _c(
        "Meneer Bakker belde vanaf +31 6 2345 6789 met een klacht over de taxi.",
        ("Meneer Bakker", "naam"),
        ("+31 6 2345 6789", "telefoon"),
    ),
    _c(
        "Hij is overdag bereikbaar op 010-7654321 en 's avonds op 0031 6 34567890.",
        ("010-7654321", "telefoon"),
        ("0031 6 34567890", "telefoon"),
    ),
    _c(
        "Onze contactpersoon bij de woningcorporatie, mevrouw De Wit, heeft nummer (020) 123 45 67.",
        ("mevrouw De Wit", "naam"),
        ("(020) 123 45 67", "telefoon"),
    ),
    # --- e-mail ----------------------------------------------------------------------
    _c(
        "Stuur de beschikking naar p.devries@example.nl, dat is het adres van zijn zoon.",
        ("p.devries@example.nl", "email"),
    ),
    _c(
        "De moeder mailde vanaf sanne.jansen1987@hotmail.com dat ze de afspraak afzegt.",
        ("sanne.jansen1987@hotmail.com", "email"),
    ),
    _c("Contact via kees_bakker@example.org verliep stroef.", ("kees_bakker@example.org", "email")),
    _c(
        "Mevrouw Yilmaz gaf haar e-mailadres (a.yilmaz@voorbeeld.nl) aan de consulent.",
        ("Mevrouw Yilmaz", "naam"),
        ("a.yilmaz@voorbeeld.nl", "email"),
    ),
    _c("Het e-mailadres info.fam.visser@gmail.com bleek niet meer te werken.", ("info.fam.visser@gmail.com", "email")),
    # --- postcode with house number --------------------------------------------------
    _c("Het gezin woont op 1234 AB 12 en heeft al maanden geen verwarming.", ("1234 AB 12", "postcode_huisnummer")),
    _c("Adres voor de post: 7412AB 12a, tweede verdieping.", ("7412AB 12a", "postcode_huisnummer")),
    _c("Meneer verhuisde naar 9723 ZK 3-2, een kamer boven een winkel.", ("9723 ZK 3-2", "postcode_huisnummer")),
    _c("De jeugdconsulent ging langs op 2511 CV 45 maar trof niemand thuis.", ("2511 CV 45", "postcode_huisnummer")),
    _c("Hij woont in een woonwagen op 8011 PK 7.", ("8011 PK 7", "postcode_huisnummer")),
    # --- date of birth ---------------------------------------------------------------
    _c(
        "Mevrouw Bakker-Visser, geboren 12-05-1950, woont alleen sinds haar man is overleden.",
        ("Mevrouw Bakker-Visser", "naam"),
        ("12-05-1950", "geboortedatum"),
    ),
    _c(
        "Zijn geboortedatum is 3 april 1962, maar in het systeem staat een andere datum.",
        ("3 april 1962", "geboortedatum"),
    ),
    _c("De baby (geb. 14-02-2023) werd gemeld door het consultatiebureau.", ("14-02-2023", "geboortedatum")),
    _c("Ze is op 7 juli 1989 geboren in een klein dorp en kwam als kind hierheen.", ("7 juli 1989", "geboortedatum")),
    _c("Geboortedatum: 1985-11-23; aanvraag ingediend voor een maatwerkvoorziening.", ("1985-11-23", "geboortedatum")),
    _c(
        "Hij werd geboren op 30/09/2001 en kwam als alleenstaande minderjarige hierheen.",
        ("30/09/2001", "geboortedatum"),
    ),
    # --- age -------------------------------------------------------------------------
    _c("Een jongen van 15 jaar kwam met zijn moeder naar het wijkteam.", ("15 jaar", "leeftijd")),
    _c("De 87-jarige weduwe kreeg na lang wachten huishoudelijke hulp.", ("87-jarige", "leeftijd")),
    _c("Leeftijd 42, alleenstaand, drie kinderen thuis.", ("42", "leeftijd")),
    _c("Sanne (15) wil niet meer naar school en zit vaak op haar kamer.", ("Sanne", "naam"), ("15", "leeftijd")),
    _c("Hij is pas 19 en heeft al een schuld van bijna tienduizend euro.", ("19", "leeftijd")),
    _c("Oma is 92 jaar oud en zorgt nog elke dag voor haar kleinzoon.", ("92 jaar oud", "leeftijd")),
    _c("Een meisje van 9 belde zelf de kindertelefoon.", ("9", "leeftijd")),
    _c("Mevrouw, 78 jaar, woont alleen in een flat zonder lift.", ("78 jaar", "leeftijd")),
    _c("Ze is jarig op 4 juni, net als haar tweelingbroer.", ("4 juni", "geboortedatum")),
    _c("Het ging om een man van 67 jaar die al jaren alleen woont.", ("67 jaar", "leeftijd")),
    _c("Hij was 59 toen hij zijn baan bij de fabriek verloor.", ("59", "leeftijd")),
    _c("Was 59 toen de uitkering stopte en had geen buffer.", ("59", "leeftijd")),
    _c("Ze was toen 59 jaar en had nog nooit een aanvraag gedaan.", ("59 jaar", "leeftijd")),
    _c("Toen hij 61 was, verloor hij zijn baan.", ("61", "leeftijd")),
    _c("Sinds ze 18 werd, krijgt ze geen jeugdhulp meer.", ("18", "leeftijd")),
    _c("De 23-jarige kwam zonder afspraak naar het loket.", ("23-jarige", "leeftijd")),
    _c("Hij is 67 jaar oud en woont alleen boven de winkel.", ("67 jaar oud", "leeftijd")),
    _c("Op 45-jarige leeftijd raakte ze haar werk in de zorg kwijt.", ("45-jarige", "leeftijd")),
    _c("Op zijn 59e moest hij voor het eerst naar het loket.", ("59e", "leeftijd")),
    _c(
        "Op haar achttiende ging ze het huis uit, zonder startkwalificatie.",
        ("achttiende", "leeftijd"),
        note="age in words",
    ),
    _c("De zestienjarige dochter zorgt voor haar moeder.", ("zestienjarige", "leeftijd"), note="age in words"),
    _c("De jongen is vijftien en spijbelt al maanden.", ("vijftien", "leeftijd"), note="age in words"),
    _c("Het meisje is twaalf en zorgt 's avonds voor haar broertjes.", ("twaalf", "leeftijd"), note="age in words"),
    # Written the way people talk; neither checker finds this (kept to keep recall honest).
    _c(
        "Ze wordt op 4 juni 18 en dan stopt de jeugdhulp.",
        ("4 juni", "geboortedatum"),
        ("18", "leeftijd"),
        note="birthday and age without cue words",
    ),
    # --- person names (deduce only) ---------------------------------------------------
    _c("Kees en Anouk hebben al drie keer een aanvraag gedaan.", ("Kees", "naam"), ("Anouk", "naam")),
    _c(
        "Meneer El Amrani kwam samen met zijn dochter Fatima naar het spreekuur.",
        ("Meneer El Amrani", "naam"),
        ("Fatima", "naam"),
    ),
    _c(
        "Ik sprak mevrouw Van den Berg over haar zorgen om haar zoon Daan.",
        ("mevrouw Van den Berg", "naam"),
        ("Daan", "naam"),
    ),
    _c("Jan de Vries weigert nog steeds een keukentafelgesprek.", ("Jan de Vries", "naam")),
    _c("Volgens Mohammed Yilmaz is de schuldhulp veel te traag gegaan.", ("Mohammed Yilmaz", "naam")),
    _c("Het moreel beraad werd geleid door Nienke van het Expertisecentrum.", ("Nienke", "naam")),
    _c(
        "De klantmanager, Petra Smit, heeft het dossier overgedragen aan Henk Mulder.",
        ("Petra Smit", "naam"),
        ("Henk Mulder", "naam"),
    ),
    # --- street addresses (deduce only) -----------------------------------------------
    _c(
        "Jan de Vries woont aan de Dorpsstraat 12 in Koggenwaard.",
        ("Jan de Vries", "naam"),
        ("Dorpsstraat 12", "adres"),
    ),
    _c("Hij woont op de Lindelaan 4b, boven de bakker.", ("Lindelaan 4b", "adres")),
    _c("De melding ging over een woning aan de Kerkweg 118.", ("Kerkweg 118", "adres")),
    _c("Ze sliep tijdelijk bij een vriendin op de Stationsstraat 3.", ("Stationsstraat 3", "adres")),
    _c(
        "Het gezin Pietersen woont sinds kort op het Marktplein 7 in een te kleine flat.",
        ("Pietersen", "naam"),
        ("Marktplein 7", "adres"),
    ),
    _c(
        "Ze woont ergens in de Lindelaan, vlak bij de school.",
        ("Lindelaan", "adres"),
        note="a bare street name: DOMAIN.md says deduce misses these",
    ),
    # --- several kinds at once ----------------------------------------------------------
    _c(
        "Mevrouw De Jong, 06-23456789, woont op Molenweg 5, 3512 JE, en is zelf 67 jaar oud.",
        ("Mevrouw De Jong", "naam"),
        ("06-23456789", "telefoon"),
        ("Molenweg 5", "adres"),
        ("3512 JE", "postcode_huisnummer"),
        ("67 jaar oud", "leeftijd"),
    ),
    _c(
        "Aanvrager: Willem Visser, BSN 864623112, IBAN NL66ASNB0707070707, mail w.visser@example.nl.",
        ("Willem Visser", "naam"),
        ("864623112", "bsn"),
        ("NL66ASNB0707070707", "iban"),
        ("w.visser@example.nl", "email"),
    ),
)

HARMLESS: tuple[Case, ...] = (
    # 9-digit numbers that fail the 11-proef
    _c("Het getal 447712782 in de export voldoet niet aan de elfproef."),
    _c("Registratienummer 261973069 hoort bij de leverancier, niet bij een inwoner."),
    _c("In de lijst stonden 523938499 en 798935572 als kenmerk van de batch."),
    # IBAN-like strings with wrong check digits
    _c("Het rekeningnummer NL92ABNA0417164300 uit het voorbeeld klopt niet."),
    _c("Op de factuur stond NL12 KOGG 0000 0000 00 als testrekening."),
    # amounts, years, case numbers, Iv3 codes, percentages, versions
    _c("Er is € 1.250,00 bijzondere bijstand toegekend voor de inrichting."),
    _c("Het budget voor 2024 is € 3.450.000, waarvan 12% voor jeugdhulp."),
    _c("Kosten: 1.250 euro per maand, 15.000 euro per jaar."),
    _c("Besluit B-2021-000123 is in bezwaar vernietigd."),
    _c("Zaaknummer Z/2023/004512 is doorgezet naar de afdeling bezwaar."),
    _c("Op taakveld 6.72a zijn de kosten van jeugdhulp begeleiding geboekt."),
    _c("Iv3-taakveld 6.71b laat een stijging zien van 8,5 procent."),
    _c("Het percentage toekenningen steeg van 64% naar 71%."),
    _c("Tussen 2019 en 2023 daalde het aantal bezwaren van 312 naar 198."),
    _c("Versie 2.3.1 van het registratiesysteem telt dubbele beschikkingen mee."),
    _c("De caseload ligt op 85 cliënten per fte, boven de norm van 70."),
    _c("De klantmanager had 38 gesprekken in week 12."),
    # ordinary dates
    _c("Op 12 maart 2024 hadden we moreel beraad over de kostendelersnorm."),
    _c("Op 3 oktober bespraken we de casus in het teamoverleg."),
    _c("De beschikking is op 01-02-2023 verstuurd, veel te laat."),
    _c("Sinds de invoering van de Participatiewet in 2015 is de doelgroep veranderd."),
    # durations and age groups
    _c("De klantmanager had 59 dossiers in 2024, de norm is 50."),
    _c("In 2024 waren er 59 dossiers meer dan in 2023."),
    _c("Het aantal was 59 toen we begonnen met tellen."),
    _c("Het was 59 toen we in september opnieuw telden."),
    _c("De wachtlijst was 59 toen de zomer begon."),
    _c("Op zijn tweede werkdag belde hij al met de teamleider."),
    _c("Een tweejarige opleiding tot helpende bleek te zwaar."),
    _c("Toen hij 3 keer belde, hebben we een huisbezoek gepland."),
    _c("Hij is een jaar verder met het aflossen van zijn schulden."),
    _c("Ze is twee keer langs geweest bij het wijkteam."),
    _c("Het was zestig procent van de aanvragen in dat kwartaal."),
    _c("De aanvraag duurde 2 jaar en dat is te lang."),
    _c("Ze zit al 3 jaar in de bijstand en zoekt werk."),
    _c("Jongeren van 18 tot 27 jaar krijgen een zoektermijn van vier weken."),
    _c("De wachttijd voor een keukentafelgesprek is 6 weken, de norm is 8 weken."),
    _c("Het 25-jarig jubileum van de voedselbank werd gevierd met de vrijwilligers."),
    # teams and institutions
    _c("Wijkteam Zuid en Team Werk en Inkomen Noord werken sinds 2022 samen."),
    _c("Het team Schuldhulp heeft 11,6 fte bezet."),
    _c("We verwezen door naar Vluchtelingenwerk en de Voedselbank."),
    _c("De GGD en Veilig Thuis deden samen het onderzoek."),
    _c("Jeugdhulp wordt in de regio vooral geleverd door Parnassia."),
    _c("De cliënt werd doorverwezen naar het Erasmus MC."),
    _c("De gemeente belde met de Belastingdienst over de toeslagenaffaire."),
    _c("Het contact met de wmo-consulent verliep via het algemene nummer 14 0570."),
    _c("We hebben het besproken met de Raad voor de Kinderbescherming en de Sociale Verzekeringsbank."),
    _c("Bij de Kredietbank en het UWV liep nog een aanvraag."),
    # companies, websites, diseases named after people
    _c("Hij werkte dertig jaar bij Philips en daarna bij de Albert Heijn."),
    _c("Kijk op www.koggenwaard.nl/schuldhulp voor meer informatie over de regeling."),
    _c("Hij heeft de ziekte van Parkinson en zijn zoon heeft het syndroom van Down."),
)

CORPUS: tuple[Case, ...] = PERSONAL + HARMLESS


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def evaluate(checker, corpus: Iterable[Case] = CORPUS, kinds: Iterable[str] | None = None) -> dict:
    """Score a checker per finding, matching found and expected findings by overlap.

    tp: expected findings that some found finding overlaps; fn: expected findings none
    overlaps; fp: found findings that overlap no expected finding (on a harmless sentence,
    every finding). recall = tp / (tp + fn); precision = found findings that overlap an
    expected one / all found findings. The kind is not compared (the author sees both
    label and text, and a name flagged as "adres" is still caught); ``kind_mismatches``
    counts matches with a different kind. ``kinds`` limits the expected findings that
    count (e.g. RULE_KINDS for the RuleChecker alone); found findings that overlap an
    expected finding of another kind are then ignored rather than counted as false.
    """
    kinds = None if kinds is None else frozenset(kinds)
    tp = fn = fp = found_matched = found_total = kind_mismatches = 0
    missed: list[tuple[str, str, str]] = []
    false: list[tuple[str, str, str]] = []
    expected_by_kind: Counter = Counter()
    missed_by_kind: Counter = Counter()
    for case in corpus:
        findings = checker.check(case.text)
        spans = case.spans()
        counted = [s for s in spans if kinds is None or s[2].kind in kinds]
        for start, end, exp in counted:
            expected_by_kind[exp.kind] += 1
            hits = [f for f in findings if _overlaps(f.start, f.end, start, end)]
            if hits:
                tp += 1
                if all(f.kind != exp.kind for f in hits):
                    kind_mismatches += 1
            else:
                fn += 1
                missed_by_kind[exp.kind] += 1
                missed.append((exp.kind, exp.text, case.text))
        for f in findings:
            if any(_overlaps(f.start, f.end, s, e) for s, e, _ in counted):
                found_matched += 1
                found_total += 1
            elif any(_overlaps(f.start, f.end, s, e) for s, e, _ in spans):
                continue  # matches an expected finding of a kind not being scored
            else:
                fp += 1
                found_total += 1
                false.append((f.kind, f.text, case.text))
    return {
        "precision": found_matched / found_total if found_total else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "kind_mismatches": kind_mismatches,
        "recall_by_kind": {k: (n - missed_by_kind[k]) / n for k, n in sorted(expected_by_kind.items())},
        "missed": missed,
        "false_positives": false,
    }


def _print_report(name: str, result: dict) -> None:
    print(
        f"{name}: precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"tp {result['tp']}  fp {result['fp']}  fn {result['fn']}  "
        f"kind mismatches {result['kind_mismatches']}"
    )
    print("  recall by kind: " + ", ".join(f"{k} {v:.2f}" for k, v in result["recall_by_kind"].items()))
    for kind, text, sentence in result["missed"]:
        print(f"  missed {kind:<20} {text!r:<28} in {sentence!r}")
    for kind, text, sentence in result["false_positives"]:
        print(f"  false  {kind:<20} {text!r:<28} in {sentence!r}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from stories.privacy import DeduceChecker, RuleChecker

    which = sys.argv[1:] or ["rules", "deduce"]
    if "rules" in which:
        _print_report("RuleChecker (all kinds)", evaluate(RuleChecker()))
        _print_report("RuleChecker (rule kinds)", evaluate(RuleChecker(), kinds=RULE_KINDS))
    if "deduce" in which:
        _print_report("DeduceChecker", evaluate(DeduceChecker()))
