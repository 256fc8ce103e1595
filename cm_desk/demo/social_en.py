"""English demo mentions: Reddit threads, Hacker News, Mastodon, blogs and news alerts."""

from __future__ import annotations

from cm_desk.demo.corpus import Post

POSTS = (
    Post(
        "reddit",
        "Anyone else getting crashes after the latest update?",
        "Updated this morning and the app dies the moment I open Messages. Pixel 7, Android 14. "
        "Reinstalled twice. Is it just me or is the whole community broken today?",
        ("bug", "complaint"),
        needs_answer=True,
        topic="crash",
    ),
    Post(
        "reddit",
        "Got charged twice for the annual plan - how long did your refund take?",
        "Support says they're on it, but it's been four days. For those who had the same thing: "
        "how long until the money was back on your card?",
        ("billing", "complaint"),
        needs_answer=True,
        topic="billing",
    ),
    Post(
        "reddit",
        "PSA: you can switch back to the daily digest",
        "If you're drowning in notification emails since last week: Settings > Notifications > "
        "Daily digest. Took me a while to find, hope this helps someone.",
        (),
        topic="notifications",
    ),
    Post(
        "reddit",
        "The moderation in the photography group has gotten ridiculous",
        "Three of my posts removed this week for 'off topic'. They were photos. In the photography "
        "group. I get that the mods are volunteers but there has to be some consistency.",
        ("complaint",),
        needs_answer=True,
        topic="moderation",
    ),
    Post(
        "reddit",
        "Small thing, but the new event page is really nice",
        "Whoever redesigned the event pages: the map and the 'who's going' list are great. "
        "Finally I can see if anyone I know is coming before I sign up.",
        ("praise",),
        topic="praise",
    ),
    Post(
        "reddit",
        "Feature idea: dark mode (yes, again)",
        "I know it's been asked a hundred times but it's 2024+ and my eyes hurt. Upvote if you "
        "want dark mode so the team sees how many of us there are.",
        ("feature-request",),
        topic="feature",
    ),
    Post(
        "hackernews",
        "Show HN: An open-source exporter for community platform data",
        "I got tired of the official export timing out on big groups, so I wrote a small tool "
        "that pages through the API and writes CSV and JSON. Works with the community.example "
        "API; rate limits respected.",
        ("bug",),
        topic="export",
    ),
    Post(
        "hackernews",
        "Ask HN: How do you run a healthy online community with volunteer moderators?",
        "We have 40k members and 25 volunteer mods. Burnout is real. The community.example folks "
        "publish their moderator guidelines, which helped, but I'm curious what else works.",
        (),
        topic="moderation",
    ),
    Post(
        "hackernews",
        "Community platforms are quietly becoming paid-only",
        "Another one raised prices for organisers this year. The comments on their forum are "
        "pretty telling about how members feel about it.",
        ("complaint",),
        topic="pricing",
    ),
    Post(
        "hackernews",
        "The postmortem of last month's community.example outage is worth reading",
        "Clear timeline, no blame, and they actually explain why the cache stampede happened. "
        "More companies should write these.",
        ("praise",),
        topic="praise",
    ),
    Post(
        "mastodon",
        "",
        "Shoutout to the community.example team for sorting out my account in ten minutes. "
        "Humans answering email, who knew 💚",
        ("praise",),
        topic="praise",
    ),
    Post(
        "mastodon",
        "",
        "Is the community.example app down for anyone else? Splash screen, then nothing. #outage",
        ("bug",),
        needs_answer=True,
        topic="crash",
    ),
    Post(
        "mastodon",
        "",
        "Our local group's member export from community.example is an empty CSV. Again. We need "
        "it for the AGM next week. Not amused.",
        ("bug", "complaint"),
        needs_answer=True,
        topic="export",
    ),
    Post(
        "mastodon",
        "",
        "Loved the community meetup in Leeds yesterday. Great talks, great people, and the "
        "cake. Thanks @sam for organising!",
        ("praise",),
        topic="praise",
    ),
    Post(
        "mastodon",
        "",
        "Accessibility note: the new reply button on community.example isn't labelled for "
        "screen readers. Filed a report, hope they fix it soon. #a11y",
        ("bug",),
        needs_answer=True,
        topic="accessibility",
    ),
    Post(
        "blog",
        "Ten lessons from five years of running a neighbourhood group",
        "When we started our group on community.example we had twelve members and a shared "
        "spreadsheet. Five years later we are 3,000 people. Here is what we learned about "
        "moderation, events and burnout, including what we would do differently.",
        ("praise",),
    ),
    Post(
        "blog",
        "Why we moved our book club off WhatsApp",
        "Group chats were chaos: 200 messages a day and nobody could find the reading list. "
        "A proper forum with threads and events changed that. A short review of what worked.",
        (),
    ),
    Post(
        "google_alerts",
        "Local volunteers use online community to organise flood relief",
        "Residents coordinated sandbags, meals and lifts through a neighbourhood group on "
        "community.example, the organisers told the Evening Post.",
        ("praise",),
    ),
    Post(
        "google_alerts",
        "Community platform raises organiser prices by 20 percent",
        "Organisers say the price increase for community.example plans came with little notice; "
        "the company says free groups are not affected.",
        ("complaint",),
    ),
    Post(
        "google_alerts",
        "How brands are investing in community managers in 2025",
        "From support to product feedback, community teams are becoming a core function. "
        "Interviews with managers at community.example and four other companies.",
        (),
    ),
)

COMMENTS = (
    ("crash", "Same here, since this morning. Pixel 6."),
    ("crash", "Try clearing the app cache, that fixed it for me."),
    ("crash", "Can confirm. iPhone 13, latest version."),
    ("crash", "This is the third time this year. Getting tired of it."),
    ("billing", "Had the same problem last month, support refunded me within a week."),
    ("billing", "They answered my email within a day, just write to support."),
    ("moderation", "The mods are volunteers, maybe send them a message before going public?"),
    ("moderation", "Honestly the moderators have been fair to me every time."),
    ("notifications", "Thanks, this helped!"),
    ("notifications", "Finally. I was about to unsubscribe from everything."),
    ("feature", "Dark mode would be amazing, please!"),
    ("feature", "+1, my whole group is asking about this."),
    ("export", "Our export has been empty for a week too."),
    ("export", "Any word from the official account on this?"),
    ("pricing", "We switched to the monthly plan because of the price increase."),
    ("pricing", "Free groups aren't affected though, right?"),
    ("praise", "Good write-up, bookmarked."),
    ("praise", "Agreed, the team is pretty responsive if you ping them directly."),
    ("accessibility", "Thanks for filing it. Same problem with VoiceOver."),
)
