"""Demo mail that is not a member conversation: spam, one abusive message, newsletters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Junk:
    """An unsolicited message; ``filtered`` ones carry the server's spam verdict."""

    name: str
    addr: str
    subject: str
    body: str
    filtered: bool = True


SPAM = (
    Junk(
        "SEO Growth Team",
        "growth@rank-first.example",
        "Get your community on page 1 of Google in 7 days",
        "Hello Webmaster,\n\nWe analysed your website and found 37 critical SEO errors that are "
        "costing you traffic. Our white-hat experts guarantee first page rankings in 7 days or "
        "your money back.\n\nReply YES for a free audit.\n\nBest,\nKevin\nSenior SEO Consultant",
    ),
    Junk(
        "Crypto Rewards",
        "no-reply@airdrop-bonus.example",
        "You have been selected: claim 0.5 BTC today",
        "Congratulations!\n\nYour e-mail was selected in our community airdrop. Connect your "
        "wallet within 24 hours to claim 0.5 BTC. After that the reward goes to the next "
        "winner.\n\nClaim now: http://airdrop-bonus.example/claim",
    ),
    Junk(
        "Dr. Robert Williams",
        "r.williams.fund@trust-transfer.example",
        "URGENT: confidential business proposal",
        "Dear Friend,\n\nI am a senior official of a foreign bank and I need a reliable partner "
        "to receive the sum of USD 14.5 million. You will receive 30% for your assistance. "
        "Please treat this as strictly confidential and send your full name and phone number.",
    ),
    Junk(
        "Apple Support",
        "security@app1e-id.example",
        "Your account has been locked",
        "Dear Customer,\n\nWe detected unusual sign-in activity and temporarily locked your "
        "account. Verify your identity within 12 hours to avoid permanent suspension:\n"
        "http://app1e-id.example/verify",
    ),
    Junk(
        "Followers Boost",
        "sales@insta-likes.example",
        "10,000 real followers for your community - 70% off this week",
        "Hi!\n\nGrow your community overnight with 10,000 real, active followers. No password "
        "needed. Packages from $19. This week only: 70% off with code GROW70.",
        filtered=False,  # slipped past the server's filter; the CM marks it by hand
    ),
    Junk(
        "متجر العروض",
        "offers@souq-deals.example",
        "عرض حصري: خصم 90% لفترة محدودة",
        "عزيزي العميل،\n\nاحصل على خصم 90% على جميع المنتجات لمدة 24 ساعة فقط! الكمية محدودة، "
        "اطلب الآن قبل نفاد العرض.\n\nاضغط هنا: http://souq-deals.example/offer",
    ),
)

ABUSE = Junk(
    "",
    "throwaway_4471@mail.example",
    "Your moderators are a joke",
    "You people are a joke. Your moderators are power-tripping clowns and you are the worst of "
    "them. Unban me right now or I will make sure everyone knows what a pathetic little "
    "dictator you are. Don't bother replying with your copy-paste garbage, nobody believes a "
    "word you say.",
    filtered=False,
)

NEWSLETTER_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Community Roundup #112</title>
<style>body{font-family:Georgia,serif;max-width:600px;margin:auto} h2{color:#2b6cb0}</style>
</head><body>
<h1>Community Roundup #112</h1>
<p>Hi community builder,</p>
<p>This week: onboarding that actually sticks, how three teams cut their first response time in
half, and a free template for your moderation guidelines.</p>
<h2>1. Onboarding that sticks</h2>
<p>New members decide in their first week whether they will stay. The communities with the best
retention all do one thing: a <strong>personal welcome</strong> within 24 hours.</p>
<h2>2. Faster first responses</h2>
<ul><li>Triage twice a day, not all day</li><li>Keep a list of promises you made</li>
<li>Hand off early: escalate to the right colleague and tell the member you did</li></ul>
<h2>3. Free template</h2>
<p><a href="https://roundup.example/templates/moderation">Download the moderation guidelines
template</a></p>
<p style="font-size:small;color:#777">You receive this because you subscribed at
roundup.example. <a href="https://roundup.example/unsubscribe">Unsubscribe</a></p>
</body></html>
"""

REPORT_TEXT = (
    "Your monthly community report\n\n"
    "New members: 412 (+8%)\nActive members: 3,981\nPosts: 12,304\n"
    "Median first response time: 5h 12m\nTop group: Photography\n\n"
    "Open the full report: https://analytics.example/reports/monthly"
)

REPORT_HTML = (
    "<html><body><h1>Your monthly community report</h1><table>"
    "<tr><td>New members</td><td>412 (+8%)</td></tr>"
    "<tr><td>Active members</td><td>3,981</td></tr>"
    "<tr><td>Posts</td><td>12,304</td></tr>"
    "<tr><td>Median first response time</td><td>5h 12m</td></tr>"
    "</table><p><a href='https://analytics.example/reports/monthly'>Open the full report</a></p>"
    "</body></html>"
)

# What Sam writes when forwarding an escalation, and the internal notes of the demo.
FORWARD_NOTE = (
    "Hi {colleague},\n\nCould you take this one? Order {order}, the parcel has been stuck at the "
    "carrier for two weeks. I told the member you'd get back to them by {when}: a resend or a "
    "refund, whichever is faster.\n\nThanks!\nSam"
)
NOTES = {
    "escalated": "Forwarded to John with the order number and tracking link. Member told to "
    "expect news by {when}.",
    "escalation-done": "Fatima confirmed the duplicate payment was refunded; 5-7 working days.",
    "eng-later": "Daan: the fix is in 4.13.1, release planned in about two weeks.",
    "broken": "Dropped the ball here while I was at the conference. Apologise properly and send "
    "the export by hand today.",
    "abuse": "Account suspended and reported to Trust & Safety. Do not engage, no reply needed.",
    "dark_mode": "Lots of dark mode requests this month - bring the count to the roadmap review.",
}


def tiny_png() -> bytes:
    """A small valid PNG (a grey 16x16 square) standing in for a screenshot."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)  # 16x16, 8-bit greyscale
    pixels = b"".join(b"\x00" + bytes([0x80] * 16) for _ in range(16))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


EXPORT_CSV = b"naam,e-mail,lid sinds\n"
