<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>QGuiApplication</name>
    <message>
        <source>QT_LAYOUT_DIRECTION</source>
        <translation>RTL</translation>
    </message>
</context>
<context>
    <name>cm-desk</name>
    <message>
        <source>&amp;Abusive (keep on record)</source>
        <translation>مسيء (يُحفظ في السجل) (&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Broken</source>
        <translation>لم يُوفَ به (&amp;B)</translation>
    </message>
    <message>
        <source>&amp;By:</source>
        <translation>بحلول (&amp;B):</translation>
    </message>
    <message>
        <source>&amp;Colleague:</source>
        <translation>الزميل (&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation>المحادثة (&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Feeds and alerts to monitor:</source>
        <translation>الخلاصات والتنبيهات للمتابعة (&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Follow-ups (open promises)</source>
        <translation>المتابعات (وعود مفتوحة) (&amp;F)</translation>
    </message>
    <message>
        <source>&amp;IMAP server:</source>
        <translation>خادم IMAP (&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Kept</source>
        <translation>تم الوفاء به (&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Log it (Ctrl+Enter)</source>
        <translation>سجّله (Ctrl+Enter) (&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>ملاحظة (&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Open the conversation</source>
        <translation>افتح المحادثة (&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>كلمة المرور (&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Person</source>
        <translation>الشخص (&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Promise:</source>
        <translation>الوعد (&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>القائمة (&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Reschedule…</source>
        <translation>أعد الجدولة… (&amp;R)</translation>
    </message>
    <message>
        <source>&amp;SMTP server:</source>
        <translation>خادم SMTP (&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Send (Ctrl+Enter)</source>
        <translation>أرسل (Ctrl+Enter) (&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Spam</source>
        <translation>رسائل مزعجة (&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Tell the customer who has it now</source>
        <translation>أخبر العميل بمن يتولاه الآن (&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>القالب (&amp;T):</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>اسم المستخدم (&amp;U):</translation>
    </message>
    <message>
        <source>(no template)</source>
        <translation>(بلا قالب)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your mail&lt;/b&gt; (leave empty to add it later)</source>
        <translation>&lt;b&gt;بريدك&lt;/b&gt; (اتركه فارغاً لإضافته لاحقاً)</translation>
    </message>
    <message>
        <source>Account &amp;name:</source>
        <translation>اسم الحساب (&amp;N):</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>إلغاء (Esc)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>جارٍ التحقق…</translation>
    </message>
    <message>
        <source>Command palette</source>
        <translation>لوحة الأوامر</translation>
    </message>
    <message>
        <source>Demo workspace: mail and feeds stay offline</source>
        <translation>مساحة عمل تجريبية: البريد والخلاصات غير متصلة</translation>
    </message>
    <message>
        <source>E-mail &amp;address:</source>
        <translation>عنوان البريد (&amp;A):</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>تصعيد</translation>
    </message>
    <message>
        <source>Everyone's promises</source>
        <translation>وعود الجميع</translation>
    </message>
    <message>
        <source>Internal note (never sent):</source>
        <translation>ملاحظة داخلية (لا تُرسل أبداً):</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>وعودي</translation>
    </message>
    <message>
        <source>New due date (friday, in 3 days, vrijdag, الجمعة…):</source>
        <translation>موعد جديد (الجمعة، بعد 3 أيام، friday…):</translation>
    </message>
    <message>
        <source>Save even if the servers cannot be reached &amp;now</source>
        <translation>احفظ حتى لو تعذّر الوصول إلى الخوادم الآن (&amp;N)</translation>
    </message>
    <message>
        <source>Se&amp;curity:</source>
        <translation>الأمان (&amp;C):</translation>
    </message>
    <message>
        <source>Select an item in the queue and press Enter.</source>
        <translation>اختر عنصراً من القائمة واضغط Enter.</translation>
    </message>
    <message>
        <source>Set up cm-desk</source>
        <translation>إعداد cm-desk</translation>
    </message>
    <message>
        <source>Skip for now</source>
        <translation>تخطَّ الآن</translation>
    </message>
    <message>
        <source>Snooze until (friday, in 3 days, vrijdag, الجمعة…):</source>
        <translation>أجّل حتى (الجمعة، بعد 3 أيام، friday…):</translation>
    </message>
    <message>
        <source>TLS (recommended)</source>
        <translation>TLS (مُوصى به)</translation>
    </message>
    <message>
        <source>Tag (e.g. complaint, bug, praise):</source>
        <translation>وسم (مثل: شكوى، خلل، ثناء):</translation>
    </message>
    <message>
        <source>Type an action: reply, escalate, snooze…</source>
        <translation>اكتب إجراءً: رد، تصعيد، تأجيل…</translation>
    </message>
    <message>
        <source>Who the conversation is with.</source>
        <translation>مع من تدور المحادثة.</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>تم الرد</translation>
    </message>
    <message>
        <source>due {day}</source>
        <translation>مستحق {day}</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>مُصعَّد</translation>
    </message>
    <message>
        <source>friday, in 3 days, vrijdag, الجمعة…</source>
        <translation>الجمعة، بعد 3 أيام، friday…</translation>
    </message>
    <message>
        <source>in 3 days</source>
        <translation>in 3 days</translation>
    </message>
    <message>
        <source>none (this machine only)</source>
        <translation>بلا (هذا الجهاز فقط)</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>متأخر</translation>
    </message>
    <message>
        <source>what they should do, e.g. refund the second charge</source>
        <translation>ما المطلوب منهم، مثل: ردّ المبلغ المكرر</translation>
    </message>
    <message>
        <source>what you promise, e.g. I'll tell you when the fix is out</source>
        <translation>ما تَعِد به، مثل: سأخبرك عند صدور الإصلاح</translation>
    </message>
    <message>
        <source>History</source>
        <translation>السجل</translation>
    </message>
    <message>
        <source>We owe them</source>
        <translation>ما ندين به لهم</translation>
    </message>
    <message>
        <source>Needs reply</source>
        <translation>بحاجة إلى رد</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>الإشارات</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>المُصعَّدة</translation>
    </message>
    <message>
        <source>Waiting on us</source>
        <translation>ينتظروننا</translation>
    </message>
    <message>
        <source>All</source>
        <translation>الكل</translation>
    </message>
    <message>
        <source>Spam/abuse</source>
        <translation>مزعج/مسيء</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>متأخرة</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>اليوم</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>هذا الأسبوع</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>لاحقاً</translation>
    </message>
    <message>
        <source>No date</source>
        <translation>بلا موعد</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Next item</source>
        <translation>العنصر التالي</translation>
    </message>
    <message>
        <source>Previous item</source>
        <translation>العنصر السابق</translation>
    </message>
    <message>
        <source>Open the item (focus the conversation)</source>
        <translation>افتح العنصر (انتقل إلى المحادثة)</translation>
    </message>
    <message>
        <source>Reply (a mention: log how you reached out)</source>
        <translation>رد (للإشارة: سجّل كيف تواصلت)</translation>
    </message>
    <message>
        <source>Reply and promise</source>
        <translation>رد ووعد</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>Escalate to a colleague</source>
        <translation>صعّد إلى زميل</translation>
    </message>
    <message>
        <source>Spam or abusive</source>
        <translation>مزعج أو مسيء</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>وسم</translation>
    </message>
    <message>
        <source>Internal note</source>
        <translation>ملاحظة داخلية</translation>
    </message>
    <message>
        <source>Snooze until…</source>
        <translation>أجّل حتى…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>بحث</translation>
    </message>
    <message>
        <source>Open a mention's post in the browser</source>
        <translation>افتح منشور الإشارة في المتصفح</translation>
    </message>
    <message>
        <source>Copy a mention's link</source>
        <translation>انسخ رابط الإشارة</translation>
    </message>
    <message>
        <source>Save an attachment</source>
        <translation>احفظ مرفقاً</translation>
    </message>
    <message>
        <source>Load images from this sender (now and from now on)</source>
        <translation>حمّل صور هذا المرسل (الآن ودائماً)</translation>
    </message>
    <message>
        <source>Go to the queue</source>
        <translation>انتقل إلى القائمة</translation>
    </message>
    <message>
        <source>Go to the conversation</source>
        <translation>انتقل إلى المحادثة</translation>
    </message>
    <message>
        <source>Go to the follow-ups</source>
        <translation>انتقل إلى المتابعات</translation>
    </message>
    <message>
        <source>Show all shortcuts</source>
        <translation>اعرض كل الاختصارات</translation>
    </message>
    <message>
        <source>Command palette: any action by name</source>
        <translation>لوحة الأوامر: أي إجراء باسمه</translation>
    </message>
    <message>
        <source>Check mail and feeds now</source>
        <translation>افحص البريد والخلاصات الآن</translation>
    </message>
    <message>
        <source>Set up a mail account and feeds…</source>
        <translation>أعدّ حساب بريد وخلاصات…</translation>
    </message>
</context>
</TS>
