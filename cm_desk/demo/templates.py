"""Sam's reply templates: one template, several languages (the same name in each).

The composer picks the one in the conversation's language; "{first}",
"{subject}", "{owner}" and "{due}" are filled in on use.
"""

from __future__ import annotations

from cm_desk.demo.corpus import Template

TEMPLATES_EN = (
    Template(
        "Thanks for reporting",
        "Re: {subject}",
        "Hi {first},\n\nThank you for reporting this. I've passed it on to the team and will "
        "let you know as soon as I hear back.\n\nBest,\nSam",
    ),
    Template(
        "Refund on its way",
        "Re: {subject}",
        "Hi {first},\n\nYour refund has been processed. Depending on your bank it can take 5-7 "
        "working days to show up.\n\nBest,\nSam",
    ),
    Template(
        "Ban appeal received",
        "Re: {subject}",
        "Hi {first},\n\nWe received your appeal. A moderator who was not involved will review it "
        "within 3 working days.\n\nBest,\nSam",
    ),
    Template(
        "Feature request noted",
        "Re: {subject}",
        "Hi {first},\n\nThanks for the idea! I've added it to the list we review with the "
        "product team every month.\n\nBest,\nSam",
    ),
)


TEMPLATES_NL = (
    Template(
        "Thanks for reporting",
        "Re: {subject}",
        "Hoi {first},\n\nBedankt voor je melding. Ik heb het doorgezet naar het team en laat je "
        "weten zodra ik meer weet.\n\nGroet,\nSam",
    ),
    Template(
        "Refund on its way",
        "Re: {subject}",
        "Hoi {first},\n\nJe terugbetaling is verwerkt. Afhankelijk van je bank duurt het 5 tot 7 "
        "werkdagen voordat je het bedrag ziet.\n\nGroet,\nSam",
    ),
    Template(
        "Ban appeal received",
        "Re: {subject}",
        "Hoi {first},\n\nWe hebben je bezwaar ontvangen. Een moderator die er niet bij betrokken "
        "was, bekijkt het binnen 3 werkdagen.\n\nGroet,\nSam",
    ),
)


TEMPLATES_AR = (
    Template(
        "Thanks for reporting",
        "رد: {subject}",
        "مرحباً {first}،\n\nشكراً على إبلاغنا. أحلت الموضوع إلى الفريق وسأخبرك فور وصول "
        "رد.\n\nمع التحية،\nسام",
    ),
    Template(
        "Refund on its way",
        "رد: {subject}",
        "مرحباً {first}،\n\nتمت معالجة استرداد المبلغ. قد يستغرق ظهوره في حسابك من 5 إلى 7 أيام "
        "عمل حسب البنك.\n\nمع التحية،\nسام",
    ),
    Template(
        "Ban appeal received",
        "رد: {subject}",
        "مرحباً {first}،\n\nاستلمنا اعتراضك، وسيراجعه مشرف لم يشارك في القرار خلال 3 أيام "
        "عمل.\n\nمع التحية،\nسام",
    ),
)
