"""Dutch demo mentions: Mastodon, a Dutch forum feed, blogs and news alerts."""

from __future__ import annotations

from cm_desk.demo.corpus import Post

POSTS = (
    Post(
        "mastodon",
        "",
        "Heeft iemand anders ook dat de app van community.example crasht sinds de update? "
        "Bij mij sluit hij meteen af. #storing",
        ("bug",),
        needs_answer=True,
        topic="crash",
    ),
    Post(
        "mastodon",
        "",
        "Wat een fijne meetup gisteren in Utrecht! Goede verhalen, lieve mensen en de "
        "stroopwafels waren op. Dank aan het communityteam 🙌",
        ("praise",),
        topic="praise",
    ),
    Post(
        "rss",
        "Export van ledenlijst is leeg",
        "Sinds de laatste update krijg ik bij het exporteren van onze ledenlijst een leeg "
        "bestand. Iemand een idee hoe ik toch aan de gegevens kom? We hebben het nodig voor de "
        "ledenvergadering.",
        ("bug",),
        needs_answer=True,
        topic="export",
    ),
    Post(
        "rss",
        "Tip: zo zet je de dagelijkse samenvatting weer aan",
        "Voor wie ook overspoeld wordt met meldingen: Instellingen > Meldingen > Dagelijkse "
        "samenvatting. Bij mij was het na de update vanzelf omgezet.",
        (),
        topic="notifications",
    ),
    Post(
        "rss",
        "Prijsverhoging voor organisatoren: wat vinden jullie ervan?",
        "Het organisatorabonnement wordt twintig procent duurder. Voor onze kleine vereniging "
        "is dat best een bedrag. Stappen jullie over of blijven jullie?",
        ("complaint",),
        needs_answer=True,
        topic="pricing",
    ),
    Post(
        "blog",
        "Vijf jaar buurtgroep: wat we geleerd hebben",
        "Toen we begonnen hadden we twaalf leden en een gedeeld spreadsheet. Nu zijn we met "
        "drieduizend buren. Over moderatie, evenementen en hoe je voorkomt dat vrijwilligers "
        "opbranden.",
        ("praise",),
    ),
    Post(
        "google_alerts",
        "Buurtbewoners organiseren hulp via online community",
        "Na de wateroverlast regelden bewoners zandzakken, maaltijden en vervoer via een "
        "buurtgroep op community.example, vertellen de organisatoren aan de regionale krant.",
        ("praise",),
    ),
)

COMMENTS = (
    ("crash", "Hier ook, sinds vanochtend."),
    ("crash", "Cache van de app wissen hielp bij mij."),
    ("crash", "Zelfde probleem, Samsung Galaxy S22."),
    ("export", "Bij ons ook een leeg bestand. Stuur ze een mailtje, ze reageren meestal snel."),
    ("notifications", "Dank voor de tip!"),
    ("pricing", "Wij blijven voorlopig, maar het is wel jammer."),
    ("praise", "Was echt een leuke avond, volgende keer ben ik er weer bij!"),
)
