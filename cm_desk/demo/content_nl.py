"""Dutch demo mail: berichten van leden aan het communityteam, en Sams antwoorden."""

from __future__ import annotations

from cm_desk.demo.corpus import Pack, Scenario
from cm_desk.demo.social_nl import COMMENTS, POSTS
from cm_desk.demo.templates import TEMPLATES_NL

NAMES = (
    ("Eva de Wit", "eva.dewit"),
    ("Bram van den Berg", "bram.vandenberg"),
    ("Sanne Bakker", "sanne.bakker"),
    ("Joris Smit", "joris.smit"),
    ("Noor Visser", "noor.visser"),
    ("Lotte Mulder", "lotte.mulder"),
    ("Thijs de Boer", "thijs.deboer"),
    ("Femke Dekker", "femke.dekker"),
    ("Ruben Meijer", "ruben.meijer"),
    ("Anouk Hendriks", "anouk.hendriks"),
    ("Jeroen van Dijk", "jeroen.vandijk"),
    ("Iris Kok", "iris.kok"),
    ("Wouter Peeters", "wouter.peeters"),
    ("Marloes Willems", "marloes.willems"),
    ("Koen Janssens", "koen.janssens"),
    ("Hanneke Brouwer", "hanneke.brouwer"),
)

SCENARIOS = (
    Scenario(
        key="double_charge",
        tags=("complaint", "billing"),
        subjects=("Twee keer afgeschreven", "Dubbele betaling voor mijn abonnement"),
        bodies=(
            "Ik zie op mijn bankafschrift dat er op {day} twee keer {amount} is afgeschreven "
            "voor hetzelfde jaarabonnement (bestelling {order}). Kunnen jullie de tweede "
            "betaling terugstorten? Ik wil dit liever niet via mijn bank hoeven regelen.",
            "Bij het betalen liep de pagina vast, dus ik heb nog een keer op Betalen geklikt. "
            "Nu is er twee keer {amount} van mijn rekening gegaan. Bestelnummer {order}. Graag "
            "zo snel mogelijk terugstorten.",
        ),
        replies=(
            "Vervelend dat er dubbel is afgeschreven, excuses daarvoor. Ik zie beide betalingen "
            "voor bestelling {order}; de tweede had nooit door mogen gaan.",
        ),
        followups=("Dank je. Moet ik zelf nog iets doen, of komt het vanzelf terug?",),
        weight=3,
    ),
    Scenario(
        key="app_crash",
        tags=("complaint", "bug"),
        subjects=(
            "App crasht na de update",
            "App sluit steeds af",
            "Probleem met versie {version}",
        ),
        bodies=(
            "Sinds de update naar versie {version} crasht de app meteen als ik hem open. Ik heb "
            "een {device}. Opnieuw opstarten en opnieuw installeren helpt niet. Ik gebruik de "
            "app elke dag voor onze buurtgroep, dus het is best dringend.",
            "Na de laatste update sluit de app af zodra ik op Berichten tik. Vorige week werkte "
            "alles nog prima. Toestel: {device}. Is dit een bekend probleem?",
        ),
        replies=(
            "Bedankt voor je melding en sorry voor het ongemak. Je bent niet de enige: onze "
            "ontwikkelaars onderzoeken op dit moment een crash in {version} op een aantal "
            "toestellen.",
        ),
        followups=("Weten jullie al wanneer de oplossing komt? Onze groep komt {day} bij elkaar.",),
        weight=4,
    ),
    Scenario(
        key="delivery_late",
        tags=("complaint",),
        subjects=("Waar blijft mijn bestelling?", "Bestelling {order} nog niet ontvangen"),
        bodies=(
            "Ik heb op {day} een hoodie en twee mokken besteld in de communitywinkel "
            "(bestelling {order}). Er stond 3 tot 5 werkdagen, maar het is nu ruim twee weken "
            "later en de track-and-trace staat nog steeds op 'overgedragen aan vervoerder'.",
            "Mijn bestelling is nog altijd niet binnen. Het is een verjaardagscadeau en de "
            "verjaardag is dit weekend. Kunnen jullie kijken wat er aan de hand is?",
        ),
        replies=(
            "Wat vervelend dat je bestelling zo lang onderweg is. Ik heb {order} nagekeken: het "
            "pakket is verstuurd, maar de vervoerder heeft het sindsdien niet meer gescand.",
        ),
        followups=("Nog steeds niets ontvangen. Kan ik dan beter mijn geld terugvragen?",),
        weight=3,
    ),
    Scenario(
        key="data_export",
        tags=("bug",),
        subjects=("Export werkt niet", "Ledenlijst exporteren geeft een leeg bestand"),
        bodies=(
            "Ik probeer de ledenlijst van onze groep te exporteren (Instellingen > Gegevens > "
            "Exporteren), maar het bestand is leeg, alleen de kopregel staat erin. We hebben "
            "het nodig voor de ledenvergadering van {day}.",
            "De exportknop draait een minuut en geeft dan 'Er ging iets mis'. Geprobeerd in "
            "Chrome en Firefox. We hebben de export nodig voor onze AVG-administratie.",
        ),
        replies=(
            "Bedankt voor het melden. Ik kan het naspelen: bij grote groepen is de export sinds "
            "de laatste release leeg.",
        ),
        followups=("Is er in de tussentijd een andere manier? Een handmatige lijst is ook goed.",),
        weight=3,
    ),
    Scenario(
        key="ban_appeal",
        tags=("complaint",),
        subjects=("Onterecht verbannen van het forum", "Waarom is mijn account geblokkeerd?"),
        bodies=(
            "Mijn account {handle} is gisteren zonder waarschuwing geblokkeerd. Ik had kritiek "
            "op de nieuwe prijzen, maar ik ben tegen niemand onbeleefd geweest. Ik ben al "
            "{days} maanden lid en wil graag weten welke regel ik heb overtreden.",
        ),
        replies=(
            "Bedankt voor je rustige bericht. Ik heb de discussie en het moderatielogboek van "
            "{handle} bekeken en een onafhankelijke moderator gevraagd het opnieuw te bekijken.",
        ),
        followups=("Oké, dank je wel. Dan wacht ik de beoordeling af.",),
        weight=2,
    ),
    Scenario(
        key="meetup_idea",
        tags=(),
        subjects=("Ideeën voor de meetup", "Meetup in {city}?", "Ideeën voor de volgende meetup"),
        bodies=(
            "Met een paar mensen uit {city} willen we graag een meetup organiseren. We hebben "
            "een zaal in de bibliotheek voor zo'n 40 personen en kunnen op een zaterdagmiddag. "
            "Wat moeten we doen om het officieel te maken?",
            "Voor de volgende meetup: kunnen we een hoek voor beginners maken? Veel nieuwe "
            "leden voelen zich wat verloren in de grote groepen. Ik help graag mee.",
        ),
        replies=(
            "Wat leuk, bedankt voor het aanbod! We ondersteunen meetups die door leden worden "
            "georganiseerd met een klein budget en aandacht op het forum.",
        ),
        weight=3,
    ),
    Scenario(
        key="dark_mode",
        tags=("feature-request",),
        subjects=("Verzoek: donkere modus", "Suggestie voor de app"),
        bodies=(
            "Ik ben erg blij met de app, maar zouden jullie een donkere modus willen toevoegen? "
            "Ik lees het forum vooral 's avonds en het witte scherm is echt fel.",
        ),
        replies=(
            "Bedankt voor je suggestie! Een donkere modus is een van de meest gevraagde "
            "functies; ik heb je stem toegevoegd aan de lijst die we maandelijks bespreken.",
        ),
        weight=2,
    ),
    Scenario(
        key="praise_meetup",
        tags=("praise",),
        subjects=("Bedankt voor de meetup!", "Wat een leuke avond"),
        bodies=(
            "Ik wilde jullie even bedanken voor de meetup in {city} van afgelopen {day}. Ik heb "
            "zoveel leuke mensen ontmoet en eindelijk gezichten bij de gebruikersnamen gezien. "
            "Graag nog een keer!",
        ),
        replies=("Wat fijn om te horen, dank je wel! We zijn de volgende al aan het plannen.",),
        weight=2,
    ),
    Scenario(
        key="notifications",
        tags=("complaint",),
        subjects=("Veel te veel meldingen", "Stop met al die e-mails"),
        bodies=(
            "Sinds vorige week krijg ik een e-mail voor elk bericht in elke groep die ik volg, "
            "soms wel vijftig per dag. Ik heb niets aan mijn instellingen veranderd. Hoe krijg "
            "ik de dagelijkse samenvatting terug?",
        ),
        replies=(
            "Sorry voor de stortvloed! Door een migratie van instellingen zijn sommige leden op "
            "directe e-mails gezet. Je kunt het terugzetten via Instellingen > Meldingen.",
        ),
        followups=("Gelukt, bedankt. Misschien even iedereen laten weten?",),
        weight=2,
    ),
    Scenario(
        key="refund",
        tags=("billing",),
        subjects=("Verzoek om terugbetaling", "Abonnement opzeggen"),
        bodies=(
            "Ik heb per ongeluk het jaarabonnement afgesloten in plaats van het maandabonnement. "
            "Kunnen jullie de {amount} terugstorten en mij op maandbasis zetten?",
        ),
        replies=(
            "Geen probleem, dat gebeurt vaker. Ik heb ons facturatieteam gevraagd {amount} terug "
            "te storten en je over te zetten naar het maandabonnement.",
        ),
        followups=("Top, bedankt voor de snelle hulp.",),
        weight=2,
    ),
)

PACK = Pack(
    code="nl",
    names=NAMES,
    greetings=("Hoi,", "Hallo,", "Beste Sam,", "Goedemiddag,", "Beste communityteam,", "Hoi Sam,"),
    closings=(
        "Groetjes,\n{first}",
        "Met vriendelijke groet,\n{name}",
        "Alvast bedankt!\n{first}",
        "Groet,\n{name}",
    ),
    cm_open="Hoi {first},",
    cm_close="Groet,\nSam Jansen\nCommunity Manager",
    reply_prefixes=("Antw: ", "Re: ", "RE: "),
    quote_intro="Op {date} schreef {name}:",
    promise_line="Ik zoek het uit en laat je uiterlijk {when} weten hoe het zit.",
    today_line="Ik kijk er nu naar en laat je vandaag nog iets weten.",
    undated_line="Ik laat het je weten zodra ik meer weet.",
    escalate_line=(
        "Ik heb dit doorgezet naar mijn collega {colleague} ({team}), die het goed kan "
        "uitzoeken. Je hoort uiterlijk {when} van ons."
    ),
    kept_line=(
        "Zoals beloofd een korte update: het is aan onze kant opgelost. Laat het me weten als "
        "er toch nog iets niet klopt."
    ),
    broken_nudge=(
        "Je zou me uiterlijk {when} laten weten hoe het zit, maar ik heb sindsdien niets meer "
        "gehoord. Kijkt er nog iemand naar?"
    ),
    weekdays=("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    thanks=(
        "Dank je wel, dan is het opgelost!",
        "Top, bedankt voor de snelle hulp.",
        "Het werkt weer. Bedankt Sam!",
    ),
    nudges=(
        "Is er al nieuws? Ik heb nog niets gehoord.",
        "Hallo? Ik wacht nog steeds op een antwoord op mijn vraag hieronder.",
    ),
    scenarios=SCENARIOS,
    posts=POSTS,
    comments=COMMENTS,
    templates=TEMPLATES_NL,
    utc_offsets=(1, 1, 2),
    domains=("voorbeeld.example", "post.example", "mail.example"),
    amounts=("€49,00", "€119,00", "€9,99", "€24,95"),
    cities=("Utrecht", "Rotterdam", "Groningen", "Gent", "Eindhoven", "Zwolle"),
)
