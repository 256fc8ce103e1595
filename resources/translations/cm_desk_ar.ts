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
    <message>
        <source>Cannot open the workspace {path}:</source>
        <translation>تعذّر فتح مساحة العمل {path}:</translation>
    </message>
    <message>
        <source>cm-desk — {workspace}</source>
        <translation>cm-desk — {workspace}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>جارٍ التحميل…</translation>
    </message>
    <message>
        <source>{n} person waiting</source>
        <translation>ينتظر الرد: {n}</translation>
    </message>
    <message>
        <source>{n} people waiting</source>
        <translation>ينتظرون الرد: {n}</translation>
    </message>
    <message>
        <source>{n} open promise</source>
        <translation>وعود مفتوحة: {n}</translation>
    </message>
    <message>
        <source>{n} open promises</source>
        <translation>وعود مفتوحة: {n}</translation>
    </message>
    <message>
        <source>{n} overdue</source>
        <translation>متأخرة: {n}</translation>
    </message>
    <message>
        <source>No colleagues yet: add one with {command}</source>
        <translation>لا زملاء بعد: أضف زميلًا بالأمر {command}</translation>
    </message>
    <message>
        <source>Cannot search for that: {error}</source>
        <translation>تعذّر البحث عن ذلك: {error}</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>لم ينجح ذلك: {error}</translation>
    </message>
    <message>
        <source>Could not load the workspace: {error}</source>
        <translation>تعذّر تحميل مساحة العمل: {error}</translation>
    </message>
    <message>
        <source>{n}m</source>
        <translation>{n} د</translation>
    </message>
    <message>
        <source>{n}h</source>
        <translation>{n} س</translation>
    </message>
    <message>
        <source>{n}d</source>
        <translation>{n} ي</translation>
    </message>
    <message>
        <source>{n}w</source>
        <translation>{n} أ</translation>
    </message>
    <message>
        <source>the refresh failed ({error}); see the log</source>
        <translation>فشل التحديث ({error})؛ راجع السجل</translation>
    </message>
    <message>
        <source>feeds: {n} new</source>
        <translation>الخلاصات: {n} جديدة</translation>
    </message>
    <message>
        <source>feeds: up to date</source>
        <translation>الخلاصات: محدَّثة</translation>
    </message>
    <message>
        <source>{n} sources failing (see Sources)</source>
        <translation>مصادر متعثرة: {n} (راجع المصادر)</translation>
    </message>
    <message>
        <source>Checking feeds…</source>
        <translation>جارٍ فحص الخلاصات…</translation>
    </message>
    <message>
        <source>feeds: no active sources</source>
        <translation>الخلاصات: لا مصادر نشطة</translation>
    </message>
    <message>
        <source>feeds: {problem}</source>
        <translation>الخلاصات: {problem}</translation>
    </message>
    <message>
        <source>no password in the keyring; add the account again</source>
        <translation>لا كلمة مرور في حلقة المفاتيح؛ أضف الحساب من جديد</translation>
    </message>
    <message>
        <source>Checking mail…</source>
        <translation>جارٍ فحص البريد…</translation>
    </message>
    <message>
        <source>{account} {folder}: {done}/{total} messages</source>
        <translation>{account} {folder}: {done}/{total} رسالة</translation>
    </message>
    <message>
        <source>{account}: the server no longer lists {held} of {of} messages in {folder}; nothing was deleted here</source>
        <translation>{account}: لم يعد الخادم يُدرج {held} من أصل {of} رسالة في {folder}؛ لم يُحذف شيء هنا</translation>
    </message>
    <message>
        <source>{account}: {n} new</source>
        <translation>{account}: {n} جديدة</translation>
    </message>
    <message>
        <source>{account}: up to date</source>
        <translation>{account}: محدَّث</translation>
    </message>
    <message>
        <source>press {key} to retry</source>
        <translation>اضغط {key} لإعادة المحاولة</translation>
    </message>
    <message>
        <source>retrying in {seconds} s</source>
        <translation>إعادة المحاولة بعد {seconds} ث</translation>
    </message>
    <message>
        <source>outbox: {news}</source>
        <translation>صندوق الصادر: {news}</translation>
    </message>
    <message>
        <source>{n} sent</source>
        <translation>أُرسل: {n}</translation>
    </message>
    <message>
        <source>{n} uncertain: did it arrive? see the outbox</source>
        <translation>غير مؤكَّد: {n}، هل وصل؟ راجع صندوق الصادر</translation>
    </message>
    <message>
        <source>No mail account yet</source>
        <translation>لا حساب بريد بعد</translation>
    </message>
    <message>
        <source>Mail account {name} saved; its password is in the keyring.</source>
        <translation>حُفظ حساب البريد {name}؛ كلمة مروره في حلقة المفاتيح.</translation>
    </message>
    <message>
        <source>(not checked) {problem}</source>
        <translation>(لم يُتحقَّق منه) {problem}</translation>
    </message>
    <message>
        <source>Monitoring {name} ({preset}).</source>
        <translation>قيد المتابعة: {name} ({preset}).</translation>
    </message>
    <message>
        <source>Nothing to set up.</source>
        <translation>لا شيء لإعداده.</translation>
    </message>
    <message>
        <source>usually your address</source>
        <translation>عادةً عنوان بريدك</translation>
    </message>
    <message>
        <source>{host} (port {port} unless you add :PORT)</source>
        <translation>{host} (المنفذ {port} ما لم تُضِف :PORT)</translation>
    </message>
    <message>
        <source>One address per line: Google Alerts RSS, {examples}, a blog's /feed</source>
        <translation>عنوان واحد في كل سطر: Google Alerts RSS، {examples}، أو /feed لمدوّنة</translation>
    </message>
    <message>
        <source>Urgent: {sender}</source>
        <translation>عاجل: {sender}</translation>
    </message>
    <message>
        <source>{n} urgent items</source>
        <translation>عناصر عاجلة: {n}</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>وغيرها: {n}</translation>
    </message>
    <message>
        <source>/ search: {example}</source>
        <translation>/ بحث: {example}</translation>
    </message>
    <message>
        <source>Type a search first, then Ctrl+S keeps it as a view</source>
        <translation>اكتب بحثًا أولًا، ثم احفظه عرضًا بـ Ctrl+S</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>حفظ البحث</translation>
    </message>
    <message>
        <source>Name for the view showing {query}:</source>
        <translation>اسم العرض الذي يُظهر {query}:</translation>
    </message>
    <message>
        <source>first {shown} of {total} items match {query} (Esc: back to the view)</source>
        <translation>العناصر المطابقة لـ {query}: أول {shown} من {total} (Esc: العودة إلى العرض)</translation>
    </message>
    <message>
        <source>{total} items match {query} (Esc: back to the view)</source>
        <translation>العناصر المطابقة لـ {query}: {total} (Esc: العودة إلى العرض)</translation>
    </message>
    <message>
        <source>Saved the search {query} as the view ★ {name}</source>
        <translation>حُفظ البحث {query} عرضًا باسم ★ {name}</translation>
    </message>
    <message>
        <source>you replied</source>
        <translation>ردُّك</translation>
    </message>
    <message>
        <source>forwarded</source>
        <translation>أُعيد توجيهه</translation>
    </message>
    <message>
        <source>open</source>
        <translation>مفتوح</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>تم الوفاء به</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>لم يُوفَ به</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>أُلغي</translation>
    </message>
    <message>
        <source>⚠ goes to {host}</source>
        <translation>⚠ يؤدي إلى {host}</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} ميغابايت</translation>
    </message>
    <message>
        <source>{n} KB</source>
        <translation>{n} كيلوبايت</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} بايت</translation>
    </message>
    <message>
        <source>Internal note · {author} · {when}</source>
        <translation>ملاحظة داخلية · {author} · {when}</translation>
    </message>
    <message>
        <source>Promise ({status}) · {owner} by {due}</source>
        <translation>وعد ({status}) · {owner} بحلول {due}</translation>
    </message>
    <message>
        <source>Promise ({status}) · {owner}</source>
        <translation>وعد ({status}) · {owner}</translation>
    </message>
    <message>
        <source>you</source>
        <translation>أنت</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(مجهول)</translation>
    </message>
    <message>
        <source>link</source>
        <translation>رابط</translation>
    </message>
    <message>
        <source>file</source>
        <translation>ملف</translation>
    </message>
    <message>
        <source>Attachments ({key} saves one):</source>
        <translation>المرفقات ({key} يحفظ أحدها):</translation>
    </message>
    <message>
        <source>{colleague} (no address)</source>
        <translation>{colleague} (بلا عنوان)</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>بلا موعد</translation>
    </message>
    <message>
        <source>me</source>
        <translation>أنا</translation>
    </message>
    <message>
        <source>promised to {person}</source>
        <translation>الوعد لـ {person}</translation>
    </message>
    <message>
        <source>in “{subject}”</source>
        <translation>في «{subject}»</translation>
    </message>
    <message>
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <source>spam</source>
        <translation>مزعج</translation>
    </message>
    <message>
        <source>abusive</source>
        <translation>مسيء</translation>
    </message>
    <message>
        <source>(by {date})</source>
        <translation>(بحلول {date})</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بلا اسم)</translation>
    </message>
    <message>
        <source>(latest {shown} of {total})</source>
        <translation>(أحدث {shown} من {total})</translation>
    </message>
    <message>
        <source>abuse</source>
        <translation>مسيء</translation>
    </message>
    <message>
        <source>(no sender)</source>
        <translation>(بلا مرسل)</translation>
    </message>
    <message>
        <source>Opened {url}</source>
        <translation>فُتح {url}</translation>
    </message>
    <message>
        <source>No attachments in this conversation</source>
        <translation>لا مرفقات في هذه المحادثة</translation>
    </message>
    <message>
        <source>Save attachment</source>
        <translation>حفظ المرفق</translation>
    </message>
    <message>
        <source>Saved {path} ({size} bytes)</source>
        <translation>حُفظ {path} ({size} بايت)</translation>
    </message>
    <message>
        <source>Opened {url}; {reply} logs how you reached out, {mail} writes by mail</source>
        <translation>فُتح {url}؛ {reply} يسجّل كيف تواصلت، و{mail} يكتب بالبريد</translation>
    </message>
    <message>
        <source>Copied {url}</source>
        <translation>نُسخ {url}</translation>
    </message>
    <message>
        <source>No remote images held back here</source>
        <translation>لا صور بعيدة محجوبة هنا</translation>
    </message>
    <message>
        <source>Images from {senders} will show from now on</source>
        <translation>ستظهر الصور من {senders} من الآن فصاعدًا</translation>
    </message>
    <message>
        <source>{mail} writes to the author of a mention; {reply} replies to mail</source>
        <translation>{mail} يكتب إلى صاحب الإشارة؛ {reply} يرد على البريد</translation>
    </message>
    <message>
        <source>{name}'s e-mail address is not known: reach out where they posted ({open}), or merge them with the person who has it ({key})</source>
        <translation>عنوان البريد الإلكتروني لـ {name} غير معروف: تواصل معه حيث نشر ({open})، أو ادمجه مع الشخص الذي لديه العنوان ({key})</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>إلى:</translation>
    </message>
    <message>
        <source>S&amp;ubject:</source>
        <translation>الموضوع (&amp;U):</translation>
    </message>
    <message>
        <source>&lt;b&gt;Log how you reached out to {name}&lt;/b&gt; on {channel} (o opens the post, y copies its link, m writes by mail)</source>
        <translation>&lt;b&gt;سجّل كيف تواصلت مع {name}&lt;/b&gt; على {channel} (o يفتح المنشور، y ينسخ رابطه، m يكتب بالبريد)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reply to {name}&lt;/b&gt; — {subject}</source>
        <translation>&lt;b&gt;الرد على {name}&lt;/b&gt; — {subject}</translation>
    </message>
    <message>
        <source>what you wrote, and where (e.g. replied on Reddit with the workaround)</source>
        <translation>ما كتبته وأين (مثلًا: رددت على Reddit بالحل البديل)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Write to {name} by mail&lt;/b&gt; about their post on {channel}</source>
        <translation>&lt;b&gt;راسل {name} بالبريد&lt;/b&gt; بشأن منشوره على {channel}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reply to {name}&lt;/b&gt; — write something first</source>
        <translation>&lt;b&gt;الرد على {name}&lt;/b&gt; — اكتب شيئًا أولًا</translation>
    </message>
    <message>
        <source>&lt;b&gt;Write to {name}&lt;/b&gt; — give it a subject</source>
        <translation>&lt;b&gt;راسل {name}&lt;/b&gt; — اكتب موضوعًا للرسالة</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reply to {name}&lt;/b&gt; — say what you promise</source>
        <translation>&lt;b&gt;الرد على {name}&lt;/b&gt; — اذكر ما تعد به</translation>
    </message>
    <message>
        <source>Marked done: {subject}</source>
        <translation>وُسم منجزًا: {subject}</translation>
    </message>
    <message>
        <source>Marked spam: {subject}</source>
        <translation>وُسم مزعجًا: {subject}</translation>
    </message>
    <message>
        <source>Marked abusive (kept): {subject}</source>
        <translation>وُسم مسيئًا (محفوظ في السجل): {subject}</translation>
    </message>
    <message>
        <source>Marked {state}: {subject}</source>
        <translation>وُسم {state}: {subject}</translation>
    </message>
    <message>
        <source>Tagged {tag}: {subject}</source>
        <translation>وُسم بـ {tag}: {subject}</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>أُضيفت الملاحظة</translation>
    </message>
    <message>
        <source>Snoozed until {when}: {subject}</source>
        <translation>أُرجئ حتى {when}: {subject}</translation>
    </message>
    <message>
        <source>Promise marked kept</source>
        <translation>وُسم الوعد: تم الوفاء به</translation>
    </message>
    <message>
        <source>Promise marked broken</source>
        <translation>وُسم الوعد: لم يُوفَ به</translation>
    </message>
    <message>
        <source>Promise now due {due}</source>
        <translation>موعد الوعد الآن {due}</translation>
    </message>
    <message>
        <source>say by when you promise it (e.g. friday, in 3 days, vrijdag)</source>
        <translation>اذكر متى تفي بالوعد (مثلًا: الجمعة، بعد 3 أيام، friday)</translation>
    </message>
    <message>
        <source>Logged: you reached out</source>
        <translation>سُجّل: تواصلت</translation>
    </message>
    <message>
        <source>Mail to {address} queued (it leaves with the next sync)</source>
        <translation>وُضعت رسالة إلى {address} في الانتظار (تُرسل مع المزامنة التالية)</translation>
    </message>
    <message>
        <source>Reply queued (it leaves with the next sync)</source>
        <translation>وُضع الرد في الانتظار (يُرسل مع المزامنة التالية)</translation>
    </message>
    <message>
        <source>; promise due {due}</source>
        <translation>؛ موعد الوعد {due}</translation>
    </message>
    <message>
        <source>Merge {name} with…</source>
        <translation>دمج {name} مع…</translation>
    </message>
    <message>
        <source>name, address or handle</source>
        <translation>الاسم أو العنوان أو المعرّف</translation>
    </message>
    <message>
        <source>&amp;Who else is {name}? Their mail and posts become one history.</source>
        <translation>بأي اسم آخر يُعرف {name}؟ تجتمع رسائله ومنشوراته في سجل واحد. (&amp;W)</translation>
    </message>
    <message>
        <source>{person} (this person)</source>
        <translation>{person} (هذا الشخص)</translation>
    </message>
    <message>
        <source>No one has that name, address or handle.</source>
        <translation>لا أحد بهذا الاسم أو العنوان أو المعرّف.</translation>
    </message>
    <message>
        <source>That is {name}: a person cannot be merged with themself.</source>
        <translation>هذا {name} نفسه: لا يمكن دمج شخص مع نفسه.</translation>
    </message>
    <message>
        <source>No person to merge: open a conversation whose sender is known</source>
        <translation>لا شخص للدمج: افتح محادثة مرسلها معروف</translation>
    </message>
    <message>
        <source>Merge people</source>
        <translation>دمج الأشخاص</translation>
    </message>
    <message>
        <source>Merge {other} into {keep}? Their addresses, handles, history and promises become {keep}'s, and this cannot be undone.</source>
        <translation>دمج {other} في {keep}؟ تصبح عناوينه ومعرّفاته وسجله ووعوده لـ {keep}، ولا يمكن التراجع عن ذلك.</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>دمج (&amp;M)</translation>
    </message>
    <message>
        <source>{other} is now part of {keep}: one person, one history</source>
        <translation>أصبح {other} جزءًا من {keep}: شخص واحد وسجل واحد</translation>
    </message>
    <message>
        <source>{other} is no longer there (merged or removed meanwhile)</source>
        <translation>لم يعد {other} موجودًا (دُمج أو حُذف في الأثناء)</translation>
    </message>
    <message>
        <source>That is your own address: it is never merged with anyone</source>
        <translation>هذا عنوانك أنت: لا يُدمج أبدًا مع أحد</translation>
    </message>
    <message>
        <source>A person cannot be merged with themself</source>
        <translation>لا يمكن دمج شخص مع نفسه</translation>
    </message>
    <message>
        <source>--security none sends the password in clear text; it is only allowed to servers on this machine (localhost). Use tls or starttls.</source>
        <translation>الخيار ‎--security none‎ يرسل كلمة المرور نصاً واضحاً؛ ولا يُسمح به إلا مع خوادم على هذا الجهاز (localhost). استخدم tls أو starttls.</translation>
    </message>
    <message>
        <source>IMAP: {problem}</source>
        <translation>IMAP: {problem}</translation>
    </message>
    <message>
        <source>SMTP: {problem}</source>
        <translation>SMTP: {problem}</translation>
    </message>
    <message>
        <source>TLS with {host} failed ({why})</source>
        <translation>فشل اتصال TLS مع {host} ({why})</translation>
    </message>
    <message>
        <source>TLS with {host}:{port} failed ({why})</source>
        <translation>فشل اتصال TLS مع {host}:{port} ({why})</translation>
    </message>
    <message>
        <source>TLS with {host}:{port} failed ({why}); the port may not speak TLS directly: try --security starttls</source>
        <translation>فشل اتصال TLS مع {host}:{port} ({why})؛ قد لا يتحدث هذا المنفذ TLS مباشرة: جرّب ‎--security starttls‎</translation>
    </message>
    <message>
        <source>account {name} has no e-mail address to send from; add it again with --address</source>
        <translation>الحساب {name} بلا عنوان بريد للإرسال منه؛ أضفه من جديد مع ‎--address‎</translation>
    </message>
    <message>
        <source>account {name} has no mail server to send with</source>
        <translation>الحساب {name} بلا خادم بريد للإرسال</translation>
    </message>
    <message>
        <source>already monitored: {url}</source>
        <translation>مُراقَب بالفعل: {url}</translation>
    </message>
    <message>
        <source>an account needs a name</source>
        <translation>يحتاج الحساب إلى اسم</translation>
    </message>
    <message>
        <source>answering</source>
        <translation>الرد</translation>
    </message>
    <message>
        <source>cannot connect to {host}</source>
        <translation>تعذّر الاتصال بـ {host}</translation>
    </message>
    <message>
        <source>cannot find the server {host} (DNS lookup failed)</source>
        <translation>تعذّر العثور على الخادم {host} (فشل البحث في DNS)</translation>
    </message>
    <message>
        <source>cannot find {host} (DNS lookup failed)</source>
        <translation>تعذّر العثور على {host} (فشل البحث في DNS)</translation>
    </message>
    <message>
        <source>cannot read the CA file {file}: {why}</source>
        <translation>تعذّرت قراءة ملف شهادة الجهة المُصدِرة {file}: {why}</translation>
    </message>
    <message>
        <source>cm-desk keeps passwords only in the system keyring, and none is available. On Linux install and unlock one (GNOME: 'apt install gnome-keyring', KDE: KWallet) and log in again; on macOS and Windows the system keychain is used automatically.</source>
        <translation>يحفظ cm-desk كلمات المرور في حلقة مفاتيح النظام فقط، ولا توجد واحدة متاحة. على لينكس ثبّت واحدة وافتحها (GNOME: ‏'apt install gnome-keyring'، KDE: ‏KWallet) ثم سجّل الدخول من جديد؛ أما على macOS وويندوز فتُستخدم سلسلة مفاتيح النظام تلقائياً.</translation>
    </message>
    <message>
        <source>colleague {name} has no e-mail address</source>
        <translation>الزميل {name} بلا عنوان بريد إلكتروني</translation>
    </message>
    <message>
        <source>could not {action} in the system keyring ({detail})</source>
        <translation>تعذّر {action} في حلقة مفاتيح النظام ({detail})</translation>
    </message>
    <message>
        <source>could not {action}: the keyring is locked; unlock it and try again</source>
        <translation>تعذّر {action}: حلقة المفاتيح مقفلة؛ افتحها ثم حاول من جديد</translation>
    </message>
    <message>
        <source>delete the password</source>
        <translation>حذف كلمة المرور</translation>
    </message>
    <message>
        <source>item {id} is a public mention, not mail; answer it where it was</source>
        <translation>العنصر {id} إشارة علنية وليس بريداً؛ ردّ عليه حيث نُشر</translation>
    </message>
    <message>
        <source>more than {n} redirects</source>
        <translation>أكثر من {n} عمليات إعادة توجيه</translation>
    </message>
    <message>
        <source>network error with {host}</source>
        <translation>خطأ في الشبكة مع {host}</translation>
    </message>
    <message>
        <source>network error with {host}:{port}: {why}</source>
        <translation>خطأ في الشبكة مع {host}:{port}: {why}</translation>
    </message>
    <message>
        <source>no account can send mail; add one with 'cm-desk account add'</source>
        <translation>لا يوجد حساب يمكنه إرسال البريد؛ أضف واحداً بالأمر 'cm-desk account add'</translation>
    </message>
    <message>
        <source>no answer from {host}:{port} within {seconds} s</source>
        <translation>لا رد من {host}:{port} خلال {seconds} ث</translation>
    </message>
    <message>
        <source>no complete answer within {seconds} s (the server is too slow or keeps the connection open)</source>
        <translation>لا رد كامل خلال {seconds} ث (الخادم بطيء جداً أو يُبقي الاتصال مفتوحاً)</translation>
    </message>
    <message>
        <source>not a web address we can fetch: {url}</source>
        <translation>ليس عنوان ويب يمكننا جلبه: {url}</translation>
    </message>
    <message>
        <source>not a web address: {url} (it must start with http:// or https://)</source>
        <translation>ليس عنوان ويب: {url} (يجب أن يبدأ بـ http://‎ أو https://‎)</translation>
    </message>
    <message>
        <source>nothing accepts connections on {host}:{port} (connection refused: wrong port, or the server is down)</source>
        <translation>لا شيء يقبل الاتصالات على {host}:{port} (رُفض الاتصال: منفذ خاطئ، أو الخادم متوقف)</translation>
    </message>
    <message>
        <source>read the password</source>
        <translation>قراءة كلمة المرور</translation>
    </message>
    <message>
        <source>reading the feed took too long</source>
        <translation>استغرقت قراءة الخلاصة وقتاً طويلاً</translation>
    </message>
    <message>
        <source>security is tls, starttls or none, not {value}</source>
        <translation>الأمان هو tls أو starttls أو none، وليس {value}</translation>
    </message>
    <message>
        <source>sending in the middle of a message</source>
        <translation>الإرسال في منتصف رسالة</translation>
    </message>
    <message>
        <source>store the password</source>
        <translation>حفظ كلمة المرور</translation>
    </message>
    <message>
        <source>the address gives a web page, not a feed</source>
        <translation>العنوان يعطي صفحة ويب، لا خلاصة</translation>
    </message>
    <message>
        <source>the certificate of {host} is not trusted ({why})</source>
        <translation>شهادة {host} غير موثوقة ({why})</translation>
    </message>
    <message>
        <source>the certificate of {host} is not trusted ({why}); for a self-hosted server give its CA with --cafile</source>
        <translation>شهادة {host} غير موثوقة ({why})؛ لخادم مستضاف ذاتياً حدّد شهادة الجهة المُصدِرة مع ‎--cafile‎</translation>
    </message>
    <message>
        <source>the feed could not be read (the parser failed: {kind})</source>
        <translation>تعذّرت قراءة الخلاصة (فشل المحلّل: {kind})</translation>
    </message>
    <message>
        <source>the feed is larger than {mb} MB</source>
        <translation>الخلاصة أكبر من {mb} ميغابايت</translation>
    </message>
    <message>
        <source>the feed is not well-formed ({kind}); read what could be read</source>
        <translation>الخلاصة غير سليمة البنية ({kind})؛ قُرئ ما أمكن قراءته</translation>
    </message>
    <message>
        <source>the message of item {id} is not in the workspace</source>
        <translation>رسالة العنصر {id} ليست في مساحة العمل</translation>
    </message>
    <message>
        <source>the password is empty</source>
        <translation>كلمة المرور فارغة</translation>
    </message>
    <message>
        <source>the server answered {code} {reason}</source>
        <translation>ردّ الخادم بـ {code} {reason}</translation>
    </message>
    <message>
        <source>the server is busy ({code})</source>
        <translation>الخادم مشغول ({code})</translation>
    </message>
    <message>
        <source>the server is busy ({code}), and asks us to wait {seconds} s</source>
        <translation>الخادم مشغول ({code}) ويطلب منا الانتظار {seconds} ث</translation>
    </message>
    <message>
        <source>the server redirected ({code}) without saying where</source>
        <translation>أعاد الخادم التوجيه ({code}) دون أن يحدد إلى أين</translation>
    </message>
    <message>
        <source>the server redirects in a loop</source>
        <translation>الخادم يعيد التوجيه في حلقة مفرغة</translation>
    </message>
    <message>
        <source>the server refused the user name or password</source>
        <translation>رفض الخادم اسم المستخدم أو كلمة المرور</translation>
    </message>
    <message>
        <source>the server refused to open {folder}: {why}</source>
        <translation>رفض الخادم فتح {folder}: {why}</translation>
    </message>
    <message>
        <source>the server sent an empty answer</source>
        <translation>أرسل الخادم رداً فارغاً</translation>
    </message>
    <message>
        <source>there is already an account named {name}</source>
        <translation>يوجد بالفعل حساب باسم {name}</translation>
    </message>
    <message>
        <source>there is no account named {name}</source>
        <translation>لا يوجد حساب باسم {name}</translation>
    </message>
    <message>
        <source>there is no item {id}</source>
        <translation>لا يوجد عنصر {id}</translation>
    </message>
    <message>
        <source>this is not a feed (no RSS or Atom found)</source>
        <translation>هذه ليست خلاصة (لم يُعثر على RSS أو Atom)</translation>
    </message>
    <message>
        <source>this item's account has no mail server; choose the account to send from with --account</source>
        <translation>حساب هذا العنصر بلا خادم بريد؛ اختر الحساب الذي تُرسل منه مع ‎--account‎</translation>
    </message>
    <message>
        <source>unexpected answer from {where}: {kind}</source>
        <translation>رد غير متوقع من {where}: {kind}</translation>
    </message>
    <message>
        <source>unexpected failure fetching from {host}: {kind}</source>
        <translation>فشل غير متوقع أثناء الجلب من {host}: {kind}</translation>
    </message>
    <message>
        <source>unknown preset {preset}; one of: {all}</source>
        <translation>إعداد مسبق غير معروف {preset}؛ المتاح: {all}</translation>
    </message>
    <message>
        <source>{host} broke off its answer</source>
        <translation>قطع {host} رده</translation>
    </message>
    <message>
        <source>{host} did not accept a connection in time</source>
        <translation>لم يقبل {host} الاتصال في الوقت المناسب</translation>
    </message>
    <message>
        <source>{host} does not offer STARTTLS</source>
        <translation>لا يوفّر {host} ‏STARTTLS</translation>
    </message>
    <message>
        <source>{host} refused the connection (server down or wrong port)</source>
        <translation>رفض {host} الاتصال (الخادم متوقف أو المنفذ خاطئ)</translation>
    </message>
    <message>
        <source>{host} refused us: {why}</source>
        <translation>رفضنا {host}: {why}</translation>
    </message>
    <message>
        <source>{host} stopped answering</source>
        <translation>توقف {host} عن الرد</translation>
    </message>
    <message>
        <source>{host} stopped {doing} (nothing for {seconds} s)</source>
        <translation>توقف {host} عن {doing} (لا شيء منذ {seconds} ث)</translation>
    </message>
    <message>
        <source>{to} is neither an e-mail address nor a known colleague</source>
        <translation>{to} ليس عنوان بريد إلكتروني ولا زميلاً معروفاً</translation>
    </message>
    <message>
        <source>{what} needs a host name, e.g. {what} mail.example.org:993</source>
        <translation>يحتاج {what} إلى اسم مضيف، مثل {what} mail.example.org:993</translation>
    </message>
    <message>
        <source>{what}: {text} is not a port number (1-65535)</source>
        <translation>{what}: ‏{text} ليس رقم منفذ (1-65535)</translation>
    </message>
    <message>
        <source>the IMAP server</source>
        <translation>خادم IMAP</translation>
    </message>
    <message>
        <source>the SMTP server</source>
        <translation>خادم SMTP</translation>
    </message>
    <message>
        <source>type when, e.g. 'friday', 'in 3 days', 'vrijdag', 'الجمعة' or 2026-12-01</source>
        <translation>اكتب متى، مثل 'friday' أو 'in 3 days' أو 'vrijdag' أو 'الجمعة' أو 2026-12-01</translation>
    </message>
    <message>
        <source>cannot read {typed} as a date; try 'friday', 'in 3 days', 'vrijdag', 'الجمعة', 'tomorrow 14:00' or 2026-12-01</source>
        <translation>تعذّرت قراءة {typed} كتاريخ؛ جرّب 'friday' أو 'in 3 days' أو 'vrijdag' أو 'الجمعة' أو 'tomorrow 14:00' أو 2026-12-01</translation>
    </message>
    <message>
        <source>{typed} is in the past ({moment})</source>
        <translation>{typed} في الماضي ({moment})</translation>
    </message>
    <message>
        <source>forwarded to {name}</source>
        <translation>أُحيل إلى {name}</translation>
    </message>
    <message>
        <source>the customer told</source>
        <translation>أُبلغ العميل</translation>
    </message>
    <message>
        <source>{name} owns it until {due}</source>
        <translation>يتولاه {name} حتى {due}</translation>
    </message>
    <message>
        <source>{name} owns it</source>
        <translation>يتولاه {name}</translation>
    </message>
    <message>
        <source>Escalated: {a}</source>
        <translation>صُعِّد: {a}</translation>
    </message>
    <message>
        <source>Escalated: {a}, {b}</source>
        <translation>صُعِّد: {a}، {b}</translation>
    </message>
    <message>
        <source>Escalated: {a}, {b}, {c}</source>
        <translation>صُعِّد: {a}، {b}، {c}</translation>
    </message>
    <message>
        <source>cannot read the date {text}; use 2024-01-31, 2024-01, 2024, today, yesterday or 7d, and A..B for a range</source>
        <translation>تعذّرت قراءة التاريخ {text}؛ استخدم 2024-01-31 أو 2024-01 أو 2024 أو today أو yesterday أو 7d، وA..B لمدى</translation>
    </message>
    <message>
        <source>{text} is not a real date</source>
        <translation>{text} ليس تاريخاً حقيقياً</translation>
    </message>
    <message>
        <source>thread:{value} should be a conversation number, e.g. thread:42</source>
        <translation>يجب أن يكون thread:{value} رقم محادثة، مثل thread:42</translation>
    </message>
    <message>
        <source>the query nests parentheses too deeply</source>
        <translation>الاستعلام يتداخل فيه الأقواس أكثر من اللازم</translation>
    </message>
    <message>
        <source>{name}: needs a value, e.g. {example}</source>
        <translation>{name}: يحتاج إلى قيمة، مثل {example}</translation>
    </message>
    <message>
        <source>is:{value} is not something cm-desk knows; try one of: {known}</source>
        <translation>لا يعرف cm-desk ‏is:{value}؛ جرّب واحداً من: {known}</translation>
    </message>
    <message>
        <source>kind:{value} is unknown; use kind:mail or kind:mention</source>
        <translation>kind:{value} غير معروف؛ استخدم kind:mail أو kind:mention</translation>
    </message>
    <message>
        <source>the query is empty; type a word, or * to list everything</source>
        <translation>الاستعلام فارغ؛ اكتب كلمة، أو * لعرض كل شيء</translation>
    </message>
    <message>
        <source>the query is too long (2,000 characters at most)</source>
        <translation>الاستعلام طويل جداً (2000 حرف على الأكثر)</translation>
    </message>
    <message>
        <source>the query has too many terms ({n} at most)</source>
        <translation>في الاستعلام مصطلحات كثيرة جداً ({n} على الأكثر)</translation>
    </message>
    <message>
        <source>nothing to search for in {query}; type a word, or *</source>
        <translation>لا شيء للبحث عنه في {query}؛ اكتب كلمة، أو *</translation>
    </message>
    <message>
        <source>&amp;Reset to default</source>
        <translation>إعادة إلى الافتراضي (&amp;R)</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>الإجراء</translation>
    </message>
    <message>
        <source>C&amp;hange key…</source>
        <translation>تغيير المفتاح… (&amp;H)</translation>
    </message>
    <message>
        <source>Every key is back to its default</source>
        <translation>عادت كل المفاتيح إلى قيمها الافتراضية</translation>
    </message>
    <message>
        <source>Find an action; Enter changes its key</source>
        <translation>ابحث عن إجراء؛ يغيّر Enter مفتاحه</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>لم يتغيّر شيء</translation>
    </message>
    <message>
        <source>Press the new key for “{action}” (Escape cancels)</source>
        <translation>اضغط المفتاح الجديد لـ«{action}» (Escape للإلغاء)</translation>
    </message>
    <message>
        <source>Reset &amp;all</source>
        <translation>إعادة الكل (&amp;A)</translation>
    </message>
    <message>
        <source>That is not a key: press a key, or two in a row like G, Q</source>
        <translation>هذا ليس مفتاحاً: اضغط مفتاحاً، أو مفتاحين متتاليين مثل G, Q</translation>
    </message>
    <message>
        <source>{key} closes dialogs and the composer; choose another key</source>
        <translation>{key} يغلق مربعات الحوار ومحرر الرد؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} copies, pastes or undoes in text; choose another key</source>
        <translation>{key} ينسخ أو يلصق أو يتراجع في النص؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} is already the key of “{action}”; change or reset that one first</source>
        <translation>{key} هو مفتاح «{action}» بالفعل؛ غيّر ذلك المفتاح أو أعده إلى الافتراضي أولاً</translation>
    </message>
    <message>
        <source>{key} keeps a search as a view; choose another key</source>
        <translation>{key} يحفظ البحث كعرض؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} moves in the queue and in text; choose another key</source>
        <translation>{key} يتنقّل في قائمة الانتظار وفي النص؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} moves the focus from field to field; choose another key</source>
        <translation>{key} ينقل التركيز من حقل إلى حقل؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} reaches a labelled field (its underlined letter); choose another key</source>
        <translation>{key} يصل إلى حقل بعنوانه (الحرف المسطَّر)؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} runs a search and picks in lists; only a queue key can take it</source>
        <translation>{key} يشغّل البحث ويختار في القوائم؛ لا يأخذه إلا مفتاح لقائمة الانتظار</translation>
    </message>
    <message>
        <source>{key} sends a reply or a dialog; choose another key</source>
        <translation>{key} يرسل الرد أو مربع الحوار؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>{key} would cut off {other}, the key of “{action}”; choose another key</source>
        <translation>{key} سيقطع الطريق على {other}، مفتاح «{action}»؛ اختر مفتاحاً آخر</translation>
    </message>
    <message>
        <source>“{action}” is now {key}</source>
        <translation>مفتاح «{action}» الآن {key}</translation>
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
    <message>
        <source>Write to a mention's author by mail (address known)</source>
        <translation>راسل صاحب الإشارة بالبريد (إن كان عنوانه معروفًا)</translation>
    </message>
    <message>
        <source>Merge this person with… (link an address and a handle)</source>
        <translation>دمج هذا الشخص مع… (ربط عنوان بمعرّف)</translation>
    </message>
</context>
</TS>
