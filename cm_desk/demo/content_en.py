"""English demo mail: what members write to the community team, and Sam's answers."""

from __future__ import annotations

from cm_desk.demo.corpus import Pack, Scenario
from cm_desk.demo.social_en import COMMENTS, POSTS
from cm_desk.demo.templates import TEMPLATES_EN

NAMES = (
    ("Emily Carter", "emily.carter"),
    ("James O'Connor", "james.oconnor"),
    ("Priya Natarajan", "priya.n"),
    ("Michael Brooks", "mbrooks"),
    ("Hannah Schmidt", "hannah.schmidt"),
    ("Carlos Mendes", "carlos.mendes"),
    ("Olivia Bennett", "olivia.bennett"),
    ("Tom Walsh", "tomwalsh"),
    ("Grace Liu", "grace.liu"),
    ("Daniel Kim", "dkim"),
    ("Sophie Turner", "sophie.t"),
    ("Ben Okafor", "ben.okafor"),
    ("Rachel Green", "rgreen"),
    ("Lucas Martin", "lucas.martin"),
    ("Aisha Khan", "aisha.khan"),
    ("Marco Rossi", "marco.rossi"),
    ("Chloe Dubois", "chloe.dubois"),
    ("Ethan Wright", "ethan.w"),
    ("Nora Lindqvist", "nora.lindqvist"),
    ("Sam Patel", "sam.patel"),
    ("Jack Thompson", "jackt"),
    ("Isabel Garcia", "isabel.garcia"),
    ("Kevin O'Neill", "kevin.oneill"),
    ("Laura Fischer", "laura.fischer"),
    ("Mei Tanaka", "mei.tanaka"),
    ("Ryan Foster", "rfoster"),
)

SCENARIOS = (
    Scenario(
        key="double_charge",
        tags=("complaint", "billing"),
        subjects=("Charged twice for my subscription", "Double charge on my card", "Billing issue"),
        bodies=(
            "I just checked my bank statement and I was charged {amount} twice on {day} for the "
            "same annual plan. My order number is {order}. Can you please refund the second "
            "payment? I really don't want to have to go through my bank for this.",
            "Something went wrong with the payment page: it timed out, so I clicked Pay again, "
            "and now I see two charges of {amount} on my credit card. Order {order}. Please "
            "sort this out, that is a lot of money for me this month.",
        ),
        replies=(
            "Sorry about that, a double charge is the last thing you need. I can see both "
            "payments for order {order}; the second one should never have gone through.",
            "Thanks for the order number, that made it easy to find. You are right: the payment "
            "page retried and charged you twice.",
        ),
        followups=("Thanks. Do I need to do anything on my side, or will it just show up?",),
        weight=4,
    ),
    Scenario(
        key="app_crash",
        tags=("complaint", "bug"),
        subjects=(
            "App crashes after the update",
            "App keeps crashing on startup",
            "Version {version} crashes immediately",
        ),
        bodies=(
            "Since updating to version {version} this morning the app crashes as soon as I open "
            "it. I'm on a {device}. I already tried restarting the phone and reinstalling, "
            "nothing helps. I use it every day for our neighbourhood group, so this is pretty "
            "urgent for me.",
            "After the last update the app closes every time I tap on Messages. It worked fine "
            "last week. Device: {device}, app version {version}. Is this a known problem?",
            "The new update broke something. The app opens, shows the splash screen for a "
            "second and then it's gone. {device}, latest version. My whole group is asking me "
            "what is going on.",
        ),
        replies=(
            "Thank you for reporting this, and sorry for the trouble. You are not the only one: "
            "our engineers are looking at a crash in {version} on some devices right now.",
            "Thanks for the details, the device and version really help. We have seen a few "
            "reports like yours since the release and the team is on it.",
        ),
        followups=(
            "Any idea when the fix will be out? Our group meets on {day} and we rely on the app.",
        ),
        weight=5,
    ),
    Scenario(
        key="ban_appeal",
        tags=("complaint",),
        subjects=("Unfair ban from the forum", "Why was I banned?", "Appeal: account suspended"),
        bodies=(
            "My account {handle} was banned yesterday without any warning. I posted a critical "
            "comment about the new pricing, but I was not rude to anyone. This feels like "
            "censorship. I have been a member for {days} months and I would like to know which "
            "rule I broke.",
            "I think one of your moderators banned me by mistake. I was only quoting another "
            "member to disagree with him, and now I can't log in to the forum at all. My "
            "username is {handle}. Can someone please look at this again?",
        ),
        replies=(
            "Thanks for writing in calmly, I appreciate it. I have looked at the thread and the "
            "moderation log for {handle}.",
            "I understand how frustrating it is to be locked out. Every appeal gets a second "
            "look by a moderator who was not involved, and I have asked for that review.",
        ),
        followups=("Okay, thank you. I'll wait for the review then.",),
        weight=3,
    ),
    Scenario(
        key="delivery_late",
        tags=("complaint",),
        subjects=("Where is my order?", "Merch order still not delivered", "Late delivery {order}"),
        bodies=(
            "I ordered the community hoodie and two mugs on {day}, order {order}. The website "
            "said 3-5 working days and it has now been more than two weeks. The tracking link "
            "hasn't changed since it was 'handed to carrier'. Can you check what happened?",
            "My order {order} from the community shop still hasn't arrived. I bought it as a "
            "birthday present and the birthday is this weekend. Tracking shows nothing useful. "
            "Please help.",
        ),
        replies=(
            "I'm sorry your order is taking so long. I checked {order}: the parcel left our "
            "warehouse but the carrier has not scanned it since.",
            "That is far too long, sorry. The shop is run by our merchandise partner, so I have "
            "asked them what is going on with {order}.",
        ),
        followups=("Still nothing here. Should I just ask for my money back?",),
        weight=3,
    ),
    Scenario(
        key="data_export",
        tags=("bug",),
        subjects=("Data export is broken", "Export to CSV gives an empty file", "Can't export"),
        bodies=(
            "I'm trying to export our group's member list (Settings > Data > Export) and the "
            "file I get is empty, just the header row. I need it for our annual meeting on "
            "{day}. It worked in March.",
            "The export button spins for a minute and then says 'Something went wrong'. I tried "
            "Chrome and Firefox. I need the export for our GDPR records, so it is not optional "
            "for us.",
        ),
        replies=(
            "Thanks for flagging this. I could reproduce it: large groups get an empty export "
            "since the last release.",
            "Sorry about this. I tried the export myself and got the same error, so it is "
            "definitely on our side.",
        ),
        followups=("Is there a workaround in the meantime? Even a manual list would help.",),
        weight=3,
    ),
    Scenario(
        key="password_reset",
        tags=(),
        subjects=("Password reset email never arrives", "Can't log in", "Locked out of account"),
        bodies=(
            "I've requested a password reset five times now and the email never arrives. I "
            "checked spam and promotions. My account email is the one I'm writing from.",
            "Hi, I forgot my password and the reset link says it has expired every time I "
            "click it, even straight away. What am I doing wrong?",
        ),
        replies=(
            "Sorry you're locked out. I checked our mail logs and your provider has been "
            "delaying our messages today.",
            "Reset links expire when a newer one is requested, so clicking an older email gives "
            "that error. Could you request one more and use only the newest email?",
        ),
        followups=("That worked, I'm back in. Thanks!",),
    ),
    Scenario(
        key="change_username",
        tags=(),
        subjects=("How do I change my username?", "Question about my profile"),
        bodies=(
            "Quick question: is it possible to change my username? I picked {handle} years ago "
            "and I'd like to use my real name now.",
            "Can I merge my two accounts? I have an old one from before I moved to {city} and a "
            "new one, and I keep getting notifications on both.",
        ),
        replies=(
            "Good question! You can change it once every 30 days under Profile > Edit > "
            "Username. Old links to your posts keep working.",
            "We can merge the accounts for you. Reply with both usernames and which one you "
            "want to keep, and I'll take care of it.",
        ),
        weight=2,
    ),
    Scenario(
        key="refund",
        tags=("billing",),
        subjects=("Refund request", "Cancel my subscription and refund"),
        bodies=(
            "I signed up for the yearly plan by accident, I wanted the monthly one. I noticed "
            "within an hour. Can you refund the {amount} and switch me to monthly?",
            "We are closing down our local group, so we won't need the organiser plan anymore. "
            "Is a refund possible for the remaining months? Order {order}.",
        ),
        replies=(
            "No problem, that happens. I've asked our billing team to refund {amount} and "
            "switch you to the monthly plan.",
        ),
        followups=("Great, thank you for being so quick.",),
    ),
    Scenario(
        key="invoice_vat",
        tags=("billing",),
        subjects=("Invoice with VAT number", "Need an invoice for our association"),
        bodies=(
            "Our association needs an invoice with our VAT number on it for order {order}. The "
            "one in the account page only shows my name. Can you send a corrected invoice?",
        ),
        replies=(
            "Of course. You can add the VAT number under Billing > Details; after that I can "
            "regenerate the invoice for {order}.",
        ),
        weight=1,
    ),
    Scenario(
        key="dark_mode",
        tags=("feature-request",),
        subjects=("Feature request: dark mode", "Dark mode please!", "Suggestion for the app"),
        bodies=(
            "Love the app, but please add a dark mode. I read the forum mostly in the evening "
            "and the white screen is really bright. Half of our group has asked about it.",
            "Would it be possible to add a dark theme to the website as well as the app? Many "
            "of our older members also asked for bigger text options.",
        ),
        replies=(
            "Thanks for the suggestion! Dark mode is one of the most requested features and "
            "I've added your vote to the list we review with the product team every month.",
        ),
        weight=2,
    ),
    Scenario(
        key="calendar_sync",
        tags=("feature-request",),
        subjects=("Calendar sync for events?", "Idea: export events to Google Calendar"),
        bodies=(
            "It would be great if events could sync to my calendar automatically. Right now I "
            "copy every meetup by hand and I've missed two because of that.",
            "Any plans for an iCal feed of group events? Our members use all kinds of calendar "
            "apps and a simple feed would solve it for everyone.",
        ),
        replies=(
            "Great idea, and you're not the first to ask. There is an 'Add to calendar' button "
            "on each event already; a full feed is on our roadmap.",
        ),
        weight=2,
    ),
    Scenario(
        key="praise_meetup",
        tags=("praise",),
        subjects=("Thank you for the meetup!", "What a great evening", "Meetup in {city}"),
        bodies=(
            "Just wanted to say thanks for organising the meetup in {city} last {day}. I met so "
            "many nice people and finally put faces to the usernames. Please do this again!",
            "The community meetup was the best one yet. The talks were short, the food was "
            "great and I loved the 'ask the moderators' session. Thank you all.",
        ),
        replies=(
            "Thank you so much for taking the time to write this, it made the whole team's day. "
            "We're already planning the next one!",
        ),
        weight=2,
    ),
    Scenario(
        key="praise_support",
        tags=("praise",),
        subjects=("You guys are great", "Thanks to your support team"),
        bodies=(
            "I had a problem with my account last week and your colleague sorted it in ten "
            "minutes. Rare to get such good help these days. Keep it up!",
        ),
        replies=("That's lovely to hear, thank you! I'll pass it on to the team.",),
        weight=1,
    ),
    Scenario(
        key="meetup_idea",
        tags=(),
        subjects=("Ideas for the next meetup", "Could we do a meetup in {city}?"),
        bodies=(
            "A few of us in {city} would love to host a meetup. We have a venue (a library "
            "meeting room for 40 people) and could do a Saturday afternoon. What do we need to "
            "do to make it official?",
            "For the next meetup, could we have a beginners' corner? Many new members feel lost "
            "in the big groups. I'm happy to help run it.",
        ),
        replies=(
            "That sounds wonderful, thank you for offering! We support member-run meetups with "
            "a small budget and promotion on the forum.",
        ),
        weight=2,
    ),
    Scenario(
        key="accessibility",
        tags=("bug",),
        subjects=("Screen reader problems", "Accessibility of the new editor"),
        bodies=(
            "I use a screen reader (NVDA) and since the redesign the reply button is not "
            "announced at all. I can't reply to posts anymore without help from my son.",
        ),
        replies=(
            "Thank you for telling us, this matters a lot. I've filed it with the engineers as "
            "an accessibility bug with high priority.",
        ),
        weight=1,
    ),
    Scenario(
        key="notifications",
        tags=("complaint",),
        subjects=("Too many notifications", "Stop the email flood please"),
        bodies=(
            "Since last week I get an email for every single post in every group I follow, "
            "sometimes 50 a day. I didn't change any setting. How do I get the daily digest "
            "back?",
        ),
        replies=(
            "Sorry for the flood! A settings migration switched some members to instant "
            "emails. You can go back under Settings > Notifications > Daily digest.",
        ),
        followups=("Fixed it, thanks. Maybe tell everyone though?",),
        weight=2,
    ),
    Scenario(
        key="moderator_volunteer",
        tags=(),
        subjects=("I'd like to volunteer as a moderator", "Moderator application"),
        bodies=(
            "I've been active in the photography group for {days} months and I'd like to help "
            "as a moderator. I'm in the {city} time zone, so I could cover the evenings.",
        ),
        replies=(
            "Thank you for offering to help! Moderators are a huge part of what makes this "
            "place work. I've sent your name to the moderation team.",
        ),
        weight=1,
    ),
)

PACK = Pack(
    code="en",
    names=NAMES,
    greetings=("Hi,", "Hello,", "Hi there,", "Hello Sam,", "Dear community team,", "Hey,"),
    closings=(
        "Thanks,\n{first}",
        "Best regards,\n{name}",
        "Cheers,\n{first}",
        "Thanks in advance,\n{name}",
        "{first}",
    ),
    cm_open="Hi {first},",
    cm_close="Best,\nSam Jansen\nCommunity Manager",
    reply_prefixes=("Re: ", "RE: ", "Re: "),
    quote_intro="On {date}, {name} wrote:",
    promise_line="I'll look into this and get back to you by {when} at the latest.",
    today_line="I'm checking this right now and will get back to you later today.",
    undated_line="I'll let you know as soon as I have news.",
    escalate_line=(
        "I've passed this on to my colleague {colleague} ({team}), who can look into it "
        "properly. You'll hear from us by {when}."
    ),
    kept_line=(
        "As promised, a quick update: this has been sorted on our side. Let me know if "
        "anything still looks wrong."
    ),
    broken_nudge=(
        "You said you would get back to me by {when}, and I haven't heard anything since. "
        "Is anyone actually looking at this?"
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    thanks=(
        "Thank you, that's sorted then!",
        "Perfect, thanks for the quick help.",
        "Great, thanks a lot Sam.",
        "That did it. Thanks!",
    ),
    nudges=(
        "Any update on this? I haven't heard back yet.",
        "Hello? Still waiting for an answer on this.",
        "Just following up on my email below.",
    ),
    scenarios=SCENARIOS,
    posts=POSTS,
    comments=COMMENTS,
    templates=TEMPLATES_EN,
    utc_offsets=(0, 1, -5, -8, 1, 0, 10),
    domains=("example.com", "example.net", "mail.example", "inbox.example"),
    amounts=("€49.00", "€119.00", "$24.99", "€9.99", "£39.00"),
    cities=("Manchester", "Dublin", "Boston", "Toronto", "Melbourne", "Leeds"),
)
