"""Every text the bot sends, in Chinese (the users' language) and English, in one place."""

from __future__ import annotations

from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = ("zh", "en")

TEXTS: dict[str, dict[Lang, str]] = {
    # --- ticket vocabulary ---
    "status.open": {"zh": "待接单", "en": "open"},
    "status.claimed": {"zh": "维修中", "en": "in progress"},
    "status.on_hold": {"zh": "暂停中", "en": "on hold"},
    "status.done": {"zh": "待确认", "en": "awaiting confirmation"},
    "status.closed": {"zh": "已完成", "en": "closed"},
    "status.cancelled": {"zh": "已撤销", "en": "cancelled"},
    "urgency.normal": {"zh": "普通", "en": "normal"},
    "urgency.urgent": {"zh": "⚡紧急", "en": "⚡urgent"},
    "action.report": {"zh": "报修", "en": "reported"},
    "action.claim": {"zh": "接单", "en": "claimed"},
    "action.done": {"zh": "报告修好", "en": "marked fixed"},
    "action.hold": {"zh": "暂停", "en": "put on hold"},
    "action.resume": {"zh": "继续维修", "en": "resumed"},
    "action.confirm": {"zh": "确认修好", "en": "confirmed"},
    "action.reopen": {"zh": "反馈没修好", "en": "reopened"},
    "action.cancel": {"zh": "撤销", "en": "cancelled"},
    "action.rate": {"zh": "评价", "en": "rated"},
    "action.auto_confirm": {"zh": "自动确认", "en": "closed"},
    "action.set_urgency": {"zh": "改紧急程度", "en": "changed the urgency"},
    "action.recategorize": {"zh": "改类别", "en": "changed the category"},
    "action.dispatch": {"zh": "指派", "en": "assigned"},
    "action.note": {"zh": "补充说明", "en": "added a note"},
    "action.follow": {"zh": "也报了", "en": "reported it too"},
    "action.thank": {"zh": "致谢", "en": "said thanks"},
    "nobody": {"zh": "无", "en": "nobody"},
    "unknown_place": {"zh": "未注明", "en": "not given"},
    # --- buttons ---
    "btn.claim": {"zh": "🙋 接单", "en": "🙋 Claim"},
    "btn.recategorize": {"zh": "🏷 改类别", "en": "🏷 Category"},
    "btn.done": {"zh": "✅ 我修好了", "en": "✅ I fixed it"},
    "btn.done_task": {"zh": "✅ 做完了", "en": "✅ Done"},
    "done.done_task": {"zh": "✅ #{id} 完成了，辛苦了！", "en": "✅ #{id} is done. Thank you!"},
    "btn.hold": {"zh": "⏸ 暂停", "en": "⏸ Hold"},
    "btn.resume": {"zh": "▶️ 继续", "en": "▶️ Resume"},
    "btn.confirm": {"zh": "👍 确认修好", "en": "👍 Confirm the fix"},
    "btn.reopen": {"zh": "👎 没修好", "en": "👎 Not fixed"},
    "btn.cancel": {"zh": "↩️ 撤销报修", "en": "↩️ Cancel report"},
    "btn.star": {"zh": "{stars}", "en": "{stars}"},
    "btn.dispatch": {"zh": "👉 指派", "en": "👉 Assign"},
    "btn.view": {"zh": "📄 查看 #{id}", "en": "📄 Open #{id}"},
    "btn.no_note": {"zh": "不用了", "en": "No, thanks"},
    "btn.cancel_yes": {"zh": "是，撤销", "en": "Yes, withdraw it"},
    "btn.cancel_no": {"zh": "不撤销", "en": "No, keep it"},
    "btn.make_urgent": {"zh": "⚡ 改为紧急", "en": "⚡ Make it urgent"},
    "btn.make_normal": {"zh": "改为普通", "en": "Make it normal"},
    "btn.newer": {"zh": "◀ 较新", "en": "◀ Newer"},
    "btn.older": {"zh": "较早 ▶", "en": "Older ▶"},
    "btn.report_private": {"zh": "📝 私聊填写报修单", "en": "📝 Report in private chat"},
    "btn.form_cancel": {"zh": "✖ 取消", "en": "✖ Cancel"},
    # --- the ticket card ---
    "card.title": {"zh": "🔧 报修单 #{id} · {status}", "en": "🔧 Ticket #{id} · {status}"},
    "card.place": {"zh": "📍 地点：{place}", "en": "📍 Place: {place}"},
    "card.kind": {
        "zh": "🏷 类别：{category} · {urgency}",
        "en": "🏷 Category: {category} · {urgency}",
    },
    "card.what": {"zh": "📝 {description}", "en": "📝 {description}"},
    "card.reporter": {"zh": "👤 报修人：{name}", "en": "👤 Reported by: {name}"},
    "card.assignee": {"zh": "🛠 维修人：{name}", "en": "🛠 Handled by: {name}"},
    "card.suggested": {"zh": "👷 值班：{name}", "en": "👷 On duty: {name}"},
    "card.claim_by": {"zh": "⏱ 接单时限：{at}（{state}）", "en": "⏱ Claim by: {at} ({state})"},
    "card.fix_by": {"zh": "⏱ 修好时限：{at}（{state}）", "en": "⏱ Fix by: {at} ({state})"},
    "card.left": {"zh": "还剩{span}", "en": "{span} left"},
    "card.late": {"zh": "已超时{span}", "en": "{span} late"},
    "card.clock_stopped": {"zh": "⏸ 暂停中，时限不计时", "en": "⏸ On hold: the clock is stopped"},
    "span.d": {"zh": "{n}天", "en": "{n} d"},
    "span.h": {"zh": "{n}小时", "en": "{n} h"},
    "span.m": {"zh": "{n}分钟", "en": "{n} min"},
    "history.paused": {"zh": "暂停了{duration}", "en": "after {duration} on hold"},
    "history.by_default": {
        "zh": "{after}没有人确认，默认修好",
        "en": "nobody confirmed within {after}: closed as fixed",
    },
    "system": {"zh": "系统", "en": "system"},
    "card.note": {"zh": "💬 {note}", "en": "💬 {note}"},
    "card.rating": {"zh": "⭐ 评价：{stars}", "en": "⭐ Rating: {stars}"},
    "card.rated": {"zh": "⭐ 已评价", "en": "⭐ Rated"},
    "card.called": {"zh": "📣 已通知：{names}", "en": "📣 Called: {names}"},
    "card.reopened": {"zh": "🔁 返修 {count} 次", "en": "🔁 Reopened {count}×"},
    "card.history": {"zh": "记录：", "en": "History:"},
    "card.history_line": {"zh": "{at} {who} {action}{note}", "en": "{at} {who} {action}{note}"},
    # --- replies to actions ---
    "reported": {
        "zh": "已收到，报修单 #{id}。维修师傅接单后会通知你。",
        "en": "Got it: ticket #{id}. You'll hear when someone takes it.",
    },
    "reported_group_ack": {
        "zh": "已收到 {name} 的报修单 #{id}，已转给维修组。",
        "en": "Got {name}'s report: ticket #{id}, passed to the repair team.",
    },
    "report_already": {
        "zh": "这条消息已经登记过了：报修单 #{id}。",
        "en": "This message is already ticket #{id}.",
    },
    "done.claim": {"zh": "已接单 #{id}", "en": "You have #{id}"},
    "done.done": {
        "zh": "#{id} 已标记修好，等待报修人确认。",
        "en": "#{id} marked fixed; waiting for the reporter to confirm.",
    },
    "done.hold": {"zh": "#{id} 已暂停。", "en": "#{id} is on hold."},
    "done.resume": {"zh": "#{id} 继续维修。", "en": "#{id} resumed."},
    "done.confirm": {
        "zh": "谢谢确认！#{id} 已完成。给这次维修打个分吧：",
        "en": "Thanks! #{id} is closed. How was the repair?",
    },
    "done.confirm_rated": {
        "zh": "谢谢确认和评价 {stars}！#{id} 已完成。",
        "en": "Thanks for confirming and rating {stars}! #{id} is closed.",
    },
    "done.reopen": {
        "zh": "#{id} 已退回给 {assignee} 重新维修。",
        "en": "#{id} is back with {assignee} to fix again.",
    },
    "done.cancel": {"zh": "#{id} 已撤销。", "en": "#{id} cancelled."},
    "done.set_urgency": {
        "zh": "#{id} 改为{urgency}，时限已重新计算。",
        "en": "#{id} is now {urgency}; its time limits were recomputed.",
    },
    "done.recategorize": {
        "zh": "#{id} 改为“{category}”，已通知{post}。",
        "en": "#{id} is now “{category}”; {post} has been told.",
    },
    "ask.recategorize": {
        "zh": "#{id} 现在是“{category}”。改成哪一类？",
        "en": "#{id} is “{category}” now. Which kind is it?",
    },
    "done.rate": {"zh": "谢谢评价！{stars}", "en": "Thanks for rating! {stars}"},
    "done.dispatch": {"zh": "#{id} 已交给 {assignee}。", "en": "#{id} is now {assignee}'s."},
    "done.note": {
        "zh": "已补充到 #{id}，报修人会看到。",
        "en": "Added to #{id}; the reporter will see it.",
    },
    "ask.dispatch": {
        "zh": "#{id} 交给谁？（本岗位的人在前）",
        "en": "Who should take #{id}? (its post's people first)",
    },
    "ask.cancel": {
        "zh": "确定撤销报修单 #{id} 吗？（现在：{status}）",
        "en": "Withdraw ticket #{id}? (now: {status})",
    },
    "ask.note": {
        "zh": "#{id} 辛苦了！要给报修人补充一句说明或一张照片吗？直接发给我，或点“不用了”。",
        "en": "Thanks for fixing #{id}! Anything to tell the reporter — a note or a photo? Just send it, or tap “No, thanks”.",
    },
    "ask.private_first_view": {
        "zh": "请先私聊我发送 /start，我再把报修单发给你。",
        "en": "Please open a private chat with me (/start) first, then I can send it.",
    },
    "note.skipped": {"zh": "好的，不补充了。", "en": "All right, nothing to add."},
    "note.need_text_or_photo": {
        "zh": "请发文字或照片（或点“不用了”）。",
        "en": "Please send text or a photo (or tap “No, thanks”).",
    },
    "cancel.kept": {"zh": "好的，#{id} 不撤销。", "en": "All right, #{id} stays."},
    # --- messages to the other side ---
    "tell.claim": {
        "zh": "你的报修单 #{id}（{place}）已由 {assignee} 接单。",
        "en": "{assignee} has taken your ticket #{id} ({place}).",
    },
    "tell.done": {
        "zh": "{assignee} 说 #{id}（{place}）已修好{note}。请确认：",
        "en": "{assignee} says #{id} ({place}) is fixed{note}. Please confirm:",
    },
    "tell.hold": {
        "zh": "#{id}（{place}）暂停维修：{note}",
        "en": "#{id} ({place}) is on hold: {note}",
    },
    "tell.resume": {
        "zh": "#{id}（{place}）已继续维修。",
        "en": "Work on #{id} ({place}) has resumed.",
    },
    "tell.confirm": {
        "zh": "#{id}（{place}）报修人已确认修好，辛苦了！",
        "en": "The reporter confirmed #{id} ({place}) is fixed. Thank you!",
    },
    "tell.reopen": {
        "zh": "#{id}（{place}）报修人反馈没修好：{note}",
        "en": "#{id} ({place}) is not fixed, says the reporter: {note}",
    },
    "tell.cancel": {
        "zh": "#{id}（{place}）已被撤销，不用再修了。",
        "en": "#{id} ({place}) was cancelled; no need to fix it.",
    },
    "tell.rate": {
        "zh": "#{id}（{place}）获得评价 {stars}",
        "en": "#{id} ({place}) was rated {stars}",
    },
    "tell.new.on_duty": {
        "zh": "🔔 {urgency}新报修单 #{id}（{place}）：{description}\n报修人：{reporter}\n你正在{post}值班，请接单。",
        "en": "🔔 {urgency}New ticket #{id} ({place}): {description}\nReported by {reporter}\nYou are on duty for {post}; please take it.",
    },
    "tell.new.off_duty": {
        "zh": "🔔 {urgency}新报修单 #{id}（{place}）：{description}\n报修人：{reporter}\n{post}现在没有人值班，有空请接单。",
        "en": "🔔 {urgency}New ticket #{id} ({place}): {description}\nReported by {reporter}\nNobody is on duty for {post} now; take it if you can.",
    },
    "tell.new.urgent_off_duty": {
        "zh": "🚨 紧急报修单 #{id}（{place}）：{description}\n报修人：{reporter}\n{post}现在没有人值班，已同时通知{post}、值班的人和主任，请尽快处理。",
        "en": "🚨 Urgent ticket #{id} ({place}): {description}\nReported by {reporter}\nNobody is on duty for {post}; {post}, whoever is on duty and the head have all been called. Please act now.",
    },
    "tell.new.no_holder": {
        "zh": "🔔 {urgency}新报修单 #{id}（{place}）：{description}\n报修人：{reporter}\n“{post}”岗位还没有人，请安排。",
        "en": "🔔 {urgency}New ticket #{id} ({place}): {description}\nReported by {reporter}\nNobody holds the post {post}; please arrange it.",
    },
    "tell.new.no_post": {
        "zh": "🔔 {urgency}新报修单 #{id}（{place}）：{description}\n报修人：{reporter}\n“{category}”类没有对应岗位，请安排。",
        "en": "🔔 {urgency}New ticket #{id} ({place}): {description}\nReported by {reporter}\nNo post handles “{category}”; please arrange it.",
    },
    "tell.new_many": {
        "zh": "🔔 有 {count} 张新报修单，请接单：",
        "en": "🔔 {count} new tickets for you to take:",
    },
    "tell.new_many_tasks": {
        "zh": "📋 有 {count} 项任务，请接单：",
        "en": "📋 {count} tasks for you to take:",
    },
    "tell.assigned": {
        "zh": "👉 {urgency}报修单 #{id}（{place}）交给你了：{description}\n报修人：{reporter}",
        "en": "👉 {urgency}Ticket #{id} ({place}) is yours now: {description}\nReported by {reporter}",
    },
    "tell.moved": {
        "zh": "↪️ 报修单 #{id}（{place}）已转给 {assignee}，你不用再管了。",
        "en": "↪️ Ticket #{id} ({place}) was handed to {assignee}; it is off your list.",
    },
    "tell.note": {
        "zh": "{assignee} 补充了 #{id}（{place}）的维修说明{note}",
        "en": "{assignee} added to the fix of #{id} ({place}){note}",
    },
    "ping.cancelled": {"zh": "↩️ 报修人已撤销，不用再修了。", "en": "↩️ Withdrawn by the reporter."},
    "ping.yours": {"zh": "👉 现在在你手上：{status}", "en": "👉 Now yours: {status}"},
    "ping.taken": {"zh": "✅ 已由 {name} 接单（{status}）", "en": "✅ Taken by {name} ({status})"},
    "ping.now": {"zh": "现在：{status}", "en": "Now: {status}"},
    "ping.recategorized": {
        "zh": "🏷 已改为“{category}”。",
        "en": "🏷 Now filed under “{category}”.",
    },
    "ask.hold": {
        "zh": "#{id} 暂停的原因是什么？（例如：等配件）直接回复文字即可。",
        "en": "Why is #{id} on hold (e.g. waiting for parts)? Just type the reason.",
    },
    "ask.reopen": {
        "zh": "#{id} 哪里还没修好？直接回复文字即可。",
        "en": "What is still wrong with #{id}? Just type it.",
    },
    "ask.private_first": {
        "zh": "请先私聊我并发送 /start，或用命令：/{action} {id} 原因",
        "en": "Please open a private chat with me (/start) first, or use: /{action} {id} reason",
    },
    "ask.sent_private": {
        "zh": "请看我发给你的私聊消息。",
        "en": "Please see my private message to you.",
    },
    "digest.title": {
        "zh": "🔧 新报修 {count} 张（报修较多，合在一起通知）：",
        "en": "🔧 {count} new tickets (a busy moment, listed together):",
    },
    "outbox.failed": {
        "zh": "⚠️ 一条发给{who}的消息被 Telegram 拒收，已放弃（{reason}）。",
        "en": "⚠️ Telegram refused a message to {who}; given up ({reason}).",
    },
    "outbox.failed_card": {
        "zh": "⚠️ #{id} 的卡片被 Telegram 拒收，已放弃（{reason}）。",
        "en": "⚠️ Telegram refused the card of #{id}; given up ({reason}).",
    },
    "outbox.the_group": {"zh": "群里", "en": "the group"},
    # --- awaited answers ---
    "form.cancelled": {"zh": "已取消，什么都没有改。", "en": "Cancelled; nothing was changed."},
    "form.need_text": {
        "zh": "请用文字回答（表情和语音我看不懂）。",
        "en": "Please answer in text (I can't read stickers or voice).",
    },
    # --- lists ---
    "my.reported": {"zh": "📋 我报修的：", "en": "📋 My reports:"},
    "my.holding": {"zh": "🛠 我手上的：", "en": "🛠 In my hands:"},
    "my.waiting": {"zh": "🔔 我的岗位待接单：", "en": "🔔 Waiting for my posts:"},
    "my.none": {"zh": "（没有）", "en": "(none)"},
    "list.line": {
        "zh": "#{id} {status} · {place}{description}",
        "en": "#{id} {status} · {place}{description}",
    },
    "list.title": {"zh": "📒 维修一览表 · {view}", "en": "📒 Repair log · {view}"},
    "list.empty": {"zh": "这里还没有报修单。", "en": "No tickets here yet."},
    "view.all": {"zh": "全部", "en": "all"},
    "view.open": {"zh": "未完成", "en": "open"},
    "view.mine": {"zh": "与我有关", "en": "mine"},
    "view.hold": {"zh": "暂停中", "en": "on hold"},
    "view.closed": {"zh": "已结束", "en": "closed"},
    # --- posts, duty, routing (定岗·定位·定责) ---
    "posts.title": {"zh": "🏢 后勤岗位", "en": "🏢 Logistics posts"},
    "posts.line": {"zh": "{post}：{holders}", "en": "{post}: {holders}"},
    "posts.none": {
        "zh": "还没有设置岗位。主任可以用 /addpost 添加，或导入 school.yaml。",
        "en": "No posts are set up yet. The head can /addpost, or import school.yaml.",
    },
    "posts.hint": {"zh": "查看详情：/post 岗位名", "en": "Details: /post name"},
    "post.title": {"zh": "🏢 {post}", "en": "🏢 {post}"},
    "post.standard": {"zh": "📜 工作标准：{text}", "en": "📜 Work standard: {text}"},
    "post.duties": {"zh": "📋 岗位职责：", "en": "📋 Responsibilities:"},
    "post.categories": {"zh": "🏷 负责报修：{names}", "en": "🏷 Handles: {names}"},
    "post.holders": {"zh": "👷 岗位人员：{names}", "en": "👷 Held by: {names}"},
    "post.limits": {"zh": "⏱ 时限：", "en": "⏱ Time limits:"},
    "post.limit_line": {
        "zh": "{urgency}：{claim}内接单，{fix}内修好",
        "en": "{urgency}: claim within {claim}, fix within {fix}",
    },
    "post.limits_note": {
        "zh": "  （普通单按工作时间计，紧急单按自然时间计）",
        "en": "  (normal tickets count working time, urgent ones clock time)",
    },
    "unit.m": {"zh": "{n}分钟", "en": "{n} min"},
    "unit.h": {"zh": "{n}小时", "en": "{n} h"},
    "unit.d": {"zh": "{n}个工作日", "en": "{n} working days"},
    "no_such_post": {
        "zh": "没有“{value}”这个岗位。/posts 查看全部岗位。",
        "en": "There is no post “{value}”. /posts lists them.",
    },
    "post_usage": {
        "zh": "用法：/post 岗位名，例如 /post 电工",
        "en": "Usage: /post name, e.g. /post Electrician",
    },
    "duty.now": {"zh": "🕐 现在值班（{time}）：", "en": "🕐 On duty now ({time}):"},
    "duty.day": {"zh": "📅 {day} 值班：", "en": "📅 Duty on {day}:"},
    "duty.line": {"zh": "{post}：{name} {span}", "en": "{post}: {name} {span}"},
    "duty.holiday": {"zh": "🎉 节假日：{name}", "en": "🎉 Holiday: {name}"},
    "duty.makeup": {
        "zh": "💼 调休上班：{name}，按{like}作息和值班",
        "en": "💼 Make-up working day: {name}, with {like}'s hours and roster",
    },
    "duty.nobody": {"zh": "（没有人值班）", "en": "(nobody on duty)"},
    "duty.post_week": {"zh": "📅 {post} 未来7天值班：", "en": "📅 {post}, the next 7 days:"},
    "duty.bad_day": {
        "zh": "看不懂“{value}”。可以写：明天、周三、2026-12-01 或岗位名。",
        "en": "I can't read “{value}”. Try: tomorrow, wed, 2026-12-01 or a post's name.",
    },
    "duty.mine": {"zh": "📅 我接下来的值班：", "en": "📅 My next duty days:"},
    "who.answer": {
        "zh": "🔎 “{query}” → {category} · {post}",
        "en": "🔎 “{query}” → {category} · {post}",
    },
    "who.post": {"zh": "🔎 {post}", "en": "🔎 {post}"},
    "who.on_duty": {"zh": "现在值班：{names}", "en": "On duty now: {names}"},
    "who.backup": {"zh": "后备：{names}", "en": "Backup: {names}"},
    "who.nobody": {"zh": "现在没有人值班", "en": "Nobody is on duty now"},
    "who.no_post": {
        "zh": "🔎 “{query}” → {category}：没有对应岗位，请找后勤主任。",
        "en": "🔎 “{query}” → {category}: no post handles it; ask the logistics head.",
    },
    "who_usage": {
        "zh": "用法：/who 问题或岗位，例如 /who 灯不亮",
        "en": "Usage: /who problem or post, e.g. /who lamp is out",
    },
    "setup.changed": {"zh": "✅ 已更新：{what}", "en": "✅ Updated: {what}"},
    "setup.usage.addpost": {
        "zh": "用法：/addpost 键 名称 [English name]，例如 /addpost security 保安 Security",
        "en": "Usage: /addpost key name [English name], e.g. /addpost security 保安 Security",
    },
    "setup.usage.setstandard": {
        "zh": "用法：/setstandard 岗位 标准内容",
        "en": "Usage: /setstandard post standard text",
    },
    "setup.usage.assign": {
        "zh": "用法：/assign 名字 岗位（/unassign 名字 岗位 取消）",
        "en": "Usage: /assign name post (/unassign name post to undo)",
    },
    "setup.usage.setduty": {
        "zh": "用法：/setduty 岗位 周一 名字 [07:30-17:30]",
        "en": "Usage: /setduty post mon name [07:30-17:30]",
    },
    "setup.usage.cover": {
        "zh": "用法：/cover 2026-12-01 岗位 名字 — 这一天由此人顶班",
        "en": "Usage: /cover 2026-12-01 post name — this person covers that day",
    },
    "setup.usage.holiday": {
        "zh": "用法：/holiday 2026-12-25 名称（/holiday 2026-12-25 remove 取消）",
        "en": "Usage: /holiday 2026-12-25 name (/holiday 2026-12-25 remove to undo)",
    },
    "no_such_staff": {
        "zh": "没有叫“{value}”的维修人员。",
        "en": "There is no worker called “{value}”.",
    },
    "post_exists": {"zh": "岗位“{value}”已经有了。", "en": "The post “{value}” already exists."},
    "bad_time_range": {
        "zh": "时间请写成 07:30-17:30。",
        "en": "Write the time as 07:30-17:30.",
    },
    "nothing_to_cover": {
        "zh": "{day} {post} 本来就没有人值班，请用 /setduty。",
        "en": "Nobody is on duty for {post} on {day}; use /setduty.",
    },
    # --- reminders (及时维修，及时反馈) ---
    "remind.header": {"zh": "⏰ 提醒", "en": "⏰ Reminders"},
    "remind.claim": {
        "zh": "⏰ #{id}（{place}）{description}\n{state}，还没有人接单。",
        "en": "⏰ #{id} ({place}) {description}\n{state}; nobody has taken it.",
    },
    "remind.fix": {
        "zh": "⏰ #{id}（{place}）{state}。修好后请点“✅ 我修好了”。",
        "en": "⏰ #{id} ({place}): {state}. When it is fixed, tap “✅ I fixed it”.",
    },
    "remind.escalate_claim": {
        "zh": "🚨 上报：#{id}（{place}）{description}\n{state}，仍没有人接单。",
        "en": "🚨 Escalated: #{id} ({place}) {description}\n{state}; still nobody has taken it.",
    },
    "remind.escalate_fix": {
        "zh": "🚨 上报：#{id}（{place}）{description}\n{who} 处理中，{state}。",
        "en": "🚨 Escalated: #{id} ({place}) {description}\nWith {who}; {state}.",
    },
    "late.claim_now": {"zh": "接单时限已到", "en": "the claim-by time is up"},
    "late.claim": {"zh": "已超过接单时限{span}", "en": "{span} past the claim-by time"},
    "late.fix_now": {"zh": "修好时限已到", "en": "the fix-by time is up"},
    "late.fix": {"zh": "已超过修好时限{span}", "en": "{span} past the fix-by time"},
    "remind.feedback": {
        "zh": "🙏 #{id}（{place}）{who} 已经修好一天了，真的修好了吗？",
        "en": "🙏 #{id} ({place}) was fixed by {who} a day ago. Is it really fixed?",
    },
    "remind.morning_hello": {"zh": "🌅 早上好！", "en": "🌅 Good morning!"},
    "remind.morning": {"zh": "🛠 你手上有 {tickets}：", "en": "🛠 In your hands, {tickets}:"},
    "remind.morning_waiting": {
        "zh": "🔔 你值班的岗位还有 {tickets}待接单：",
        "en": "🔔 Waiting for your posts today, {tickets}:",
    },
    "remind.summary_late": {"zh": "超时的：{tickets}", "en": "Late: {tickets}"},
    "remind.summary": {
        "zh": "📒 今日维修一览：未完成 {open} 张（其中超时 {late} 张），昨天修好 {fixed} 张。",
        "en": "📒 Today's repair log: {open} open ({late} late), {fixed} fixed yesterday.",
    },
    "remind.duty_eve": {
        "zh": "📅 明天 {day} 你值班：{shifts}。",
        "en": "📅 Tomorrow, {day}, you are on duty: {shifts}.",
    },
    "remind.duty_shift": {"zh": "{post} {span}", "en": "{post} {span}"},
    "remind.weekly": {
        "zh": "📊 上周（{first}–{last}）：新报修 {opened}，修好 {fixed}，超时修好 {late}。",
        "en": "📊 Last week ({first}–{last}): {opened} reported, {fixed} fixed, {late} fixed late.",
    },
    "remind.weekly_post": {
        "zh": "  {post}：新 {opened} · 修好 {fixed} · 超时 {late}",
        "en": "  {post}: new {opened} · fixed {fixed} · late {late}",
    },
    "remind.usage": {
        "zh": "用法：/remind off 关闭早上的待办提醒，/remind on 重新打开（超时上报不受影响）。",
        "en": "Usage: /remind off mutes the morning list, /remind on brings it back (escalations always come).",
    },
    "remind.off": {
        "zh": "🔕 已关闭早上的待办提醒。超时提醒和上报照常。",
        "en": "🔕 Morning list muted. Deadline reminders and escalations still come.",
    },
    "remind.on": {"zh": "🔔 已打开早上的待办提醒。", "en": "🔔 Morning list is back on."},
    "cmd.remind": {"zh": "早上待办提醒开/关", "en": "Morning list on/off"},
    # --- statistics, export, backup (考核到人) ---
    "stats.title": {"zh": "📊 统计 · {period}", "en": "📊 Statistics · {period}"},
    "stats.school": {
        "zh": "全校：新报修 {opened}，结束 {closed}（积压 {backlog}）",
        "en": "School: {opened} reported, {closed} closed (backlog {backlog})",
    },
    "stats.workers": {"zh": "👷 按人：", "en": "👷 By person:"},
    "stats.posts": {"zh": "🏢 按岗位：", "en": "🏢 By post:"},
    "stats.categories": {"zh": "🏷 按类别：", "en": "🏷 By category:"},
    "stats.repeats": {
        "zh": "🔁 重复维修（30天内同一地点同类）：",
        "en": "🔁 Repeat repairs (same place and kind within 30 days):",
    },
    "stats.none": {"zh": "（没有）", "en": "(none)"},
    "stats.worker_line": {
        "zh": "{name}：接单 {claimed} · 修好 {fixed} · 按时 {on_time} · 接单中位 {claim} · 修好中位 {fix} · 返修 {reopened} · 评分 {rating}{thanks} · 未完成 {open}{oldest}",
        "en": "{name}: claimed {claimed} · fixed {fixed} · on time {on_time} · median claim {claim} · median fix {fix} · reopened {reopened} · rating {rating}{thanks} · open {open}{oldest}",
    },
    "stats.post_line": {
        "zh": "{name}：报修 {reported} · 修好 {fixed} · 按时 {on_time} · 修好中位 {fix} · 返修 {reopened} · 评分 {rating} · 未完成 {open}{oldest}",
        "en": "{name}: reported {reported} · fixed {fixed} · on time {on_time} · median fix {fix} · reopened {reopened} · rating {rating} · open {open}{oldest}",
    },
    "stats.category_line": {
        "zh": "{name}：报修 {reported} · 未完成 {open} · 修好中位 {fix}",
        "en": "{name}: reported {reported} · open {open} · median fix {fix}",
    },
    "stats.oldest": {"zh": "（最久 {age}）", "en": " (oldest {age})"},
    "stats.thanks": {"zh": " · 💐 感谢 {count}", "en": " · 💐 thanked {count}×"},
    "stats.hours": {"zh": "{n}小时", "en": "{n} h"},
    "stats.na": {"zh": "—", "en": "—"},
    "stats.usage": {
        "zh": "用法：/stats [month|term|2026-11|2026-09-01..2026-12-31]，默认本周",
        "en": "Usage: /stats [month|term|2026-11|2026-09-01..2026-12-31], this week by default",
    },
    "bad_period": {
        "zh": "看不懂时间段“{value}”。可以写：month、term、2026-11 或 2026-09-01..2026-12-31",
        "en": "I can't read the period “{value}”. Try: month, term, 2026-11 or 2026-09-01..2026-12-31",
    },
    "period_backwards": {
        "zh": "时间段“{value}”的结束早于开始。",
        "en": "The period “{value}” ends before it starts.",
    },
    "no_term": {
        "zh": "今天不在任何学期内（school.yaml 的 calendar.terms）。",
        "en": "Today is in no term (calendar.terms in school.yaml).",
    },
    "only_staff": {
        "zh": "统计只给后勤主任和维修人员看。",
        "en": "Statistics are for the logistics head and the workers.",
    },
    "chart.opened": {"zh": "新报修", "en": "reported"},
    "chart.fixed": {"zh": "修好", "en": "fixed"},
    "chart.weekly": {
        "zh": "每周报修与修好 · {period}",
        "en": "Reported and fixed per week · {period}",
    },
    "chart.on_time": {"zh": "按时修好比例（按人）", "en": "Fixed on time, per person"},
    "chart.nobody": {"zh": "（还没有修好的单）", "en": "(nothing fixed yet)"},
    "working": {"zh": "⏳ 正在生成……", "en": "⏳ Working…"},
    "working_progress": {"zh": "⏳ 正在生成…… {done}/{total}", "en": "⏳ Working… {done}/{total}"},
    "export.done": {
        "zh": "✅ 维修一览表 · {period}：{tickets}",
        "en": "✅ Repair log · {period}: {tickets}",
    },
    "export.on_time": {"zh": "按时", "en": "on time"},
    "export.late": {"zh": "超时 {hours} 小时", "en": "late {hours} h"},
    "export.sheet_log": {"zh": "维修一览表", "en": "Repair log"},
    "export.sheet_history": {"zh": "处理记录", "en": "History"},
    "export.col.number": {"zh": "单号", "en": "Number"},
    "export.col.reported_at": {"zh": "报修时间", "en": "Reported at"},
    "export.col.reporter": {"zh": "报修人", "en": "Reporter"},
    "export.col.place": {"zh": "地点", "en": "Place"},
    "export.col.category": {"zh": "类别", "en": "Category"},
    "export.col.urgency": {"zh": "紧急程度", "en": "Urgency"},
    "export.col.description": {"zh": "问题描述", "en": "Description"},
    "export.col.handler": {"zh": "维修人", "en": "Handled by"},
    "export.col.status": {"zh": "状态", "en": "Status"},
    "export.col.notes": {"zh": "维修说明", "en": "Worker's notes"},
    "export.col.claimed_at": {"zh": "接单时间", "en": "Claimed at"},
    "export.col.fixed_at": {"zh": "修好时间", "en": "Fixed at"},
    "export.col.confirmed_at": {"zh": "确认时间", "en": "Confirmed at"},
    "export.col.on_time": {"zh": "是否按时", "en": "On time"},
    "export.col.rating": {"zh": "评分", "en": "Rating"},
    "export.col.reopened": {"zh": "返修次数", "en": "Reopened"},
    "export.col.at": {"zh": "时间", "en": "At"},
    "export.col.who": {"zh": "操作人", "en": "By"},
    "export.col.action": {"zh": "操作", "en": "Action"},
    "export.col.from": {"zh": "原状态", "en": "From"},
    "export.col.to": {"zh": "新状态", "en": "To"},
    "export.col.note": {"zh": "内容", "en": "Detail"},
    "backup.done": {
        "zh": "✅ 数据库备份（{size}），可用 python -m bot restore 恢复。",
        "en": "✅ Database backup ({size}); restore it with python -m bot restore.",
    },
    "cmd.stats": {"zh": "统计（主任/维修人员）", "en": "Statistics (head, workers)"},
    "cmd.export": {"zh": "导出维修一览表（主任）", "en": "Export the repair log (head)"},
    "cmd.backup": {"zh": "备份数据库（主任）", "en": "Back up the database (head)"},
    # --- people ---
    "welcome": {
        "zh": "你好，{name}！我是学校后勤助手。\n报修：/report 地点 问题，例如 /report 302教室 灯管不亮\n私聊我发送 /report 会一步步引导你填写。",
        "en": "Hi {name}! I'm the school's logistics assistant.\nReport a problem: /report place problem, e.g. /report Room302 lamp is out\nSend /report to me in private for a step-by-step form.",
    },
    "help.everyone": {
        "zh": "📝 私聊发一句话或照片就能报修（群里回复我的消息也行）\n📝 /report 205教室 灯不亮 — 直接报修\n🔎 /who 灯不亮 — 这事找谁、谁在值班\n🏢 /posts、/post 电工 — 岗位、标准和时限\n📅 /duty [明天|周三|电工] — 值班表\n📋 /my — 我的报修\n🔎 /ticket 12 — 查看报修单和记录\n📒 /tickets [open|mine|hold|closed] — 维修一览表\n👍 /confirm 12 [1-5] — 确认修好并评分\n👎 /reopen 12 原因 — 没修好\n↩️ /cancel 12 — 撤销报修\n💐 /thanks 12 [想说的话] — 感谢维修师傅\n🙋 /whoami — 我的身份",
        "en": "📝 Send me a few words or a photo to report (in the group: reply to my message)\n📝 /report Room 205 lamp is out — report at once\n🔎 /who lamp is out — who handles it, who is on duty\n🏢 /posts, /post Electrician — posts, standards, time limits\n📅 /duty [tomorrow|wed|post] — the duty roster\n📋 /my — my tickets\n🔎 /ticket 12 — a ticket and its history\n📒 /tickets [open|mine|hold|closed] — the repair log\n👍 /confirm 12 [1-5] — confirm a fix and rate it\n👎 /reopen 12 reason — not fixed\n↩️ /cancel 12 — cancel a report\n💐 /thanks 12 [words] — thank the worker\n🙋 /whoami — who I am to the bot",
    },
    "help.worker": {
        "zh": "🛠 维修人员：\n/claim 12 — 接单\n/done 12 [说明] — 修好了（可配照片）\n/hold 12 原因 — 暂停（等配件）\n/resume 12 — 继续\n📊 /stats — 我的统计",
        "en": "🛠 For workers:\n/claim 12 — take a ticket\n/done 12 [note] — fixed (a photo may go with it)\n/hold 12 reason — on hold (waiting for parts)\n/resume 12 — take it back up\n📊 /stats — my figures",
    },
    "help.admin": {
        "zh": "👑 主任：\n/addworker 名字 — 回复某人的消息，设为维修人员（或 /addworker 用户ID 名字）\n/removeworker — 同上，取消维修人员\n/addpost 键 名称 — 新岗位；/setstandard 岗位 标准\n/assign 名字 岗位 — 定岗（/unassign 取消）\n/setduty 岗位 周一 名字 [07:30-17:30] — 排班\n/cover 日期 岗位 名字 — 某天顶班（请假、调班）\n/holiday 日期 名称 — 节假日；/workday 日期 — 调休上班\n📋 /plans — 计划任务（暂停、删除）；/addplan 标题 岗位 规则；/plan — 本学期后勤规划\n📊 /stats [month|term|2026-11] — 统计（图表）\n📤 /export [csv] [时间段] — 导出维修一览表\n💾 /backup — 备份数据库",
        "en": "👑 For the logistics head:\n/addworker name — in reply to someone's message, make them a worker (or /addworker user_id name)\n/removeworker — the same, to remove a worker\n/addpost key name — a new post; /setstandard post text\n/assign name post — give a worker a post (/unassign to undo)\n/setduty post mon name [07:30-17:30] — the weekly roster\n/cover date post name — someone covers one day (leave, swap)\n/holiday date name — a holiday; /workday date — a make-up working day\n📋 /plans — planned work (pause, remove); /addplan title post rule; /plan — this term's plan\n📊 /stats [month|term|2026-11] — statistics with a chart\n📤 /export [csv] [period] — the repair log as a spreadsheet\n💾 /backup — a copy of the database",
    },
    "whoami": {
        "zh": "🙋 {name}\nID：{id}\n身份：{roles}\n语言：中文",
        "en": "🙋 {name}\nID: {id}\nRole: {roles}\nLanguage: English",
    },
    "role.admin": {"zh": "后勤主任", "en": "logistics head"},
    "role.worker": {"zh": "维修人员", "en": "worker"},
    "role.reporter": {"zh": "教职员工（可报修）", "en": "staff (can report)"},
    "worker_added": {
        "zh": "✅ {name} 现在是维修人员了。",
        "en": "✅ {name} is now a worker.",
    },
    "worker_removed": {
        "zh": "✅ {name} 不再是维修人员，历史记录保留。",
        "en": "✅ {name} is no longer a worker; their history stays.",
    },
    "addworker_usage": {
        "zh": "用法：回复某人的消息发送 /addworker 名字，或 /addworker 用户ID 名字",
        "en": "Usage: reply to someone's message with /addworker name, or /addworker user_id name",
    },
    "removeworker_usage": {
        "zh": "用法：回复某人的消息发送 /removeworker，或 /removeworker 用户ID",
        "en": "Usage: reply to someone's message with /removeworker, or /removeworker user_id",
    },
    # --- refusals ---
    "report_usage": {
        "zh": "请写上哪里坏了、在哪里，例如：/report 302教室 灯管不亮。也可以回复我的消息，或私聊我。",
        "en": "Say what is broken and where, e.g. /report Room 302 lamp is out. You can also reply to my message, or write to me in private.",
    },
    "report_empty": {
        "zh": "报修内容是空的，请写上哪里坏了。",
        "en": "The report is empty; please say what is broken.",
    },
    "report_too_long": {
        "zh": "报修内容最多 {limit} 字（你的有 {length} 字），请精简一下。",
        "en": "A report can be at most {limit} characters (yours has {length}); please shorten it.",
    },
    "location_too_long": {
        "zh": "地点最多 {limit} 字。",
        "en": "A place can be at most {limit} characters.",
    },
    "note_too_long": {
        "zh": "说明最多 {limit} 字（你的有 {length} 字）。",
        "en": "A note can be at most {limit} characters (yours has {length}).",
    },
    "name_too_long": {
        "zh": "名字最多 {limit} 字。",
        "en": "A name can be at most {limit} characters.",
    },
    "bad_rating": {"zh": "评分请用 1 到 5。", "en": "A rating is a number from 1 to 5."},
    "no_such_ticket": {"zh": "没有 #{id} 这张报修单。", "en": "There is no ticket #{id}."},
    "bad_ticket_number": {
        "zh": "“{value}”不是报修单号，单号是数字，例如：/{command} 12",
        "en": "“{value}” is not a ticket number; use digits, e.g. /{command} 12",
    },
    "needs_ticket_number": {
        "zh": "请写上单号，例如：/{command} 12",
        "en": "Which ticket? e.g. /{command} 12",
    },
    "already_claimed": {
        "zh": "#{id} 已经由 {assignee} 接单了。",
        "en": "#{id} is already taken by {assignee}.",
    },
    "wrong_status": {
        "zh": "#{id} 现在是“{status_text}”，不能{action_text}。",
        "en": "#{id} is {status_text} now, so it can't be {action_text}.",
    },
    "already_rated": {
        "zh": "#{id} 已经评过分了（{rating} 星）。",
        "en": "#{id} is already rated ({rating} stars).",
    },
    "same_urgency": {
        "zh": "#{id} 已经是这个紧急程度了。",
        "en": "#{id} already has that urgency.",
    },
    "urgency_usage": {
        "zh": "用法：/urgency {id} 紧急 或 /urgency {id} 普通",
        "en": "Usage: /urgency {id} urgent or /urgency {id} normal",
    },
    "forbidden_set_urgency": {
        "zh": "只有报修人、维修人员或主任可以改紧急程度。",
        "en": "Only the reporter, a worker or an admin can change the urgency.",
    },
    "same_category": {
        "zh": "#{id} 已经是这个类别了。",
        "en": "#{id} already has that category.",
    },
    "unknown_category": {
        "zh": "没有“{value}”这个类别。可选：{choices}",
        "en": "There is no category “{value}”. Choose from: {choices}",
    },
    "forbidden_recategorize": {
        "zh": "只有报修人、维修人员或主任可以改类别。",
        "en": "Only the reporter, a worker or an admin can change the category.",
    },
    "stale_button": {
        "zh": "这个按钮已过期，#{id} 的状态已经变了。发送 /ticket {id} 查看最新情况。",
        "en": "This button is out of date; #{id} has moved on. Send /ticket {id} to see it now.",
    },
    "forbidden_claim": {
        "zh": "只有维修人员可以接单。",
        "en": "Only logistics workers can claim tickets.",
    },
    "forbidden_done": {
        "zh": "#{id} 由 {assignee} 负责，只有他/她或主任可以标记修好。",
        "en": "#{id} is {assignee}'s; only they or an admin can mark it fixed.",
    },
    "forbidden_hold": {
        "zh": "#{id} 由 {assignee} 负责，只有他/她或主任可以暂停。",
        "en": "#{id} is {assignee}'s; only they or an admin can put it on hold.",
    },
    "forbidden_resume": {
        "zh": "#{id} 由 {assignee} 负责，只有他/她或主任可以继续。",
        "en": "#{id} is {assignee}'s; only they or an admin can resume it.",
    },
    "forbidden_confirm": {
        "zh": "只有报修人或主任可以确认 #{id} 修好了。",
        "en": "Only the reporter or an admin can confirm #{id}.",
    },
    "forbidden_reopen": {
        "zh": "只有报修人或主任可以退回 #{id}。",
        "en": "Only the reporter or an admin can reopen #{id}.",
    },
    "forbidden_cancel": {
        "zh": "只有报修人或主任可以撤销 #{id}。",
        "en": "Only the reporter or an admin can cancel #{id}.",
    },
    "forbidden_dispatch": {
        "zh": "只有后勤主任或这个岗位正在值班的人可以指派 #{id}。",
        "en": "Only the logistics head or whoever is on duty for its post can assign #{id}.",
    },
    "forbidden_note": {
        "zh": "#{id} 由 {assignee} 负责，只有他/她或主任可以补充说明。",
        "en": "#{id} is {assignee}'s; only they or an admin can add to the fix.",
    },
    "note_needed_note": {
        "zh": "请写上说明或附上照片。",
        "en": "Please add a note or a photo.",
    },
    "same_assignee": {
        "zh": "#{id} 已经是 {assignee} 的了。",
        "en": "#{id} is already {assignee}'s.",
    },
    "dispatch_usage": {
        "zh": "用法：/dispatch 单号 名字，例如 /dispatch 12 张师傅",
        "en": "Usage: /dispatch number name, e.g. /dispatch 12 Zhang",
    },
    "forbidden_rate": {
        "zh": "只有报修人可以评价 #{id}。",
        "en": "Only the reporter can rate #{id}.",
    },
    "note_needed_hold": {
        "zh": "请写上暂停原因，例如：/hold {id} 等配件",
        "en": "Please give a reason, e.g. /hold {id} waiting for parts",
    },
    "note_needed_reopen": {
        "zh": "请写上哪里没修好，例如：/reopen {id} 灯还是不亮",
        "en": "Please say what is still wrong, e.g. /reopen {id} still no light",
    },
    "only_admin": {"zh": "只有后勤主任可以这样做。", "en": "Only the logistics head can do that."},
    "not_a_worker": {"zh": "{user} 不是维修人员。", "en": "{user} is not a worker."},
    "button_invalid": {
        "zh": "这个按钮无效，请用命令操作，/help 查看。",
        "en": "This button is not valid; use a command instead (/help).",
    },
    "unknown_command": {
        "zh": "我不认识这个命令。发送 /help 看看我能做什么。",
        "en": "I don't know that command. Send /help to see what I can do.",
    },
    "private_only": {
        "zh": "请私聊我发送 /{command}（这类内容只在私聊里发）。",
        "en": "Send /{command} to me in private (this is sent in private chats only).",
    },
    "setup_changed_meanwhile": {
        "zh": "设置刚刚被别人改过了，什么都没有改。请再试一次。",
        "en": "The set-up was changed by someone else just now; nothing was changed. Please try again.",
    },
    "not_member": {
        "zh": "抱歉，我只为本校教职工服务。请联系学校后勤办公室开通（把你的 ID {id} 发给后勤主任）。",
        "en": "Sorry, I serve only this school's staff. Ask the logistics office for access (send your ID {id} to the logistics head).",
    },
    "whoami_stranger": {
        "zh": "🙋 {name}\nID：{id}\n你还不在学校群里。把这个 ID 发给后勤主任即可开通。",
        "en": "🙋 {name}\nID: {id}\nYou are not in the school group yet. Send this ID to the logistics head to get access.",
    },
    "not_served": {
        "zh": "抱歉，我只为本校的后勤群服务。",
        "en": "Sorry, I only serve this school's logistics group.",
    },
    "anonymous": {
        "zh": "请用你自己的账号发送（匿名管理员或频道身份无法报修）。",
        "en": "Please send this as yourself (anonymous admins and channels can't use the bot).",
    },
    "edit_ignored": {
        "zh": "修改后的消息不会被处理。如需更正，请重新发送。",
        "en": "Edited messages are not processed. Please send a new message instead.",
    },
    "internal_error": {
        "zh": "抱歉，出了点问题，已记录下来，请稍后再试。",
        "en": "Sorry, something went wrong. It has been logged; please try again shortly.",
    },
    # --- reports as people make them: drafts, followers, thanks ---
    "draft.check": {
        "zh": "我是这样理解的，没问题就点“报修”：",
        "en": "Here is what I understood. If it is right, tap “Report it”:",
    },
    "draft.what": {
        "zh": "📝 哪里坏了？说一句就行，也可以发照片（例如：205教室 灯不亮）。",
        "en": "📝 What is broken, and where? A few words or a photo will do (e.g. Room 205, the lamp is out).",
    },
    "draft.what_at": {
        "zh": "📍 {place}\n📝 这里什么坏了？说一句就行，也可以发照片。",
        "en": "📍 {place}\n📝 What is broken here? A few words or a photo will do.",
    },
    "draft.place_gone": {
        "zh": "这个二维码对应的地点已不在学校的名单上了。\n📝 请说说哪里坏了、在哪里（也可以发照片）。",
        "en": "This sticker's place is no longer on the school's list.\n📝 Please say what is broken and where (a photo helps).",
    },
    "draft.what_missing": {
        "zh": "📝 照片收到了。再用一句话说说哪里坏了？",
        "en": "📝 Got the photo. Now tell me in a few words what is broken.",
    },
    "draft.what_here": {
        "zh": "📝 这里什么坏了？说一句就行，也可以发照片。",
        "en": "📝 What is broken here? A few words or a photo will do.",
    },
    "draft.where": {"zh": "📍 在哪里？请选一栋楼：", "en": "📍 Where is it? Choose a building:"},
    "draft.which_room": {"zh": "📍 {building}的哪里？", "en": "📍 Where in {building}?"},
    "draft.which_category": {"zh": "🏷 属于哪一类？", "en": "🏷 Which kind of problem?"},
    "draft.what_change": {"zh": "要改哪一项？", "en": "What should I change?"},
    "draft.type_place": {
        "zh": "✏️ 请把地点发给我，例如：食堂二楼。",
        "en": "✏️ Send me the place, e.g. Canteen 2F.",
    },
    "draft.type_place_group": {
        "zh": "✏️ 请回复这条消息，写上地点。",
        "en": "✏️ Reply to this message with the place.",
    },
    "draft.same_as": {
        "zh": "这里已经有一张还没修完的报修单：\n#{id} {line}\n是同一个问题吗？",
        "en": "There is an open ticket here already:\n#{id} {line}\nIs it the same problem?",
    },
    "draft.not_yours": {
        "zh": "这是别人的报修，只有本人能点。",
        "en": "This is someone else's report; only they can use these buttons.",
    },
    "draft.expired": {
        "zh": "这份报修已经提交、取消或过期了。再发一条消息就能重新报修。",
        "en": "This report was already sent, cancelled or has expired. Send a new message to report.",
    },
    "draft.dropped": {"zh": "已取消，什么都没有报。", "en": "Cancelled; nothing was reported."},
    "draft.list_changed": {
        "zh": "学校的地点或类别刚改过，请重新选。",
        "en": "The school's places or kinds just changed; please choose again.",
    },
    "draft.following": {
        "zh": "已记下：你也报了 #{id}。修好时会告诉你。",
        "en": "Noted: you reported #{id} too. You'll hear when it is fixed.",
    },
    "draft.added": {"zh": "已补充到你的报修单 #{id}。", "en": "Added to your ticket #{id}."},
    "draft.type_or_photo": {
        "zh": "请打字或拍照告诉我哪里坏了（语音和表情我看不懂）。",
        "en": "Please type or photograph what is broken (I can't read voice messages or stickers).",
    },
    "draft.type_or_photo_group": {
        "zh": "请写几个字或发照片说说哪里坏了（语音我听不了）。",
        "en": "Please write a few words or send a photo of what is broken (I can't play voice messages).",
    },
    "draft.small_talk": {
        "zh": "😊 要报修的话，直接说哪里坏了就行（也可以发照片）。/help 查看全部功能。",
        "en": "😊 To report something, just tell me what is broken (a photo helps). /help shows everything else.",
    },
    "btn.file": {"zh": "✅ 报修", "en": "✅ Report it"},
    "btn.change": {"zh": "✏️ 改一下", "en": "✏️ Change"},
    "btn.same": {"zh": "是，补充说明", "en": "Yes, add to it"},
    "btn.not_same": {"zh": "不是，新问题", "en": "No, a new problem"},
    "btn.place": {"zh": "📍 地点", "en": "📍 Place"},
    "btn.kind": {"zh": "🏷 类别", "en": "🏷 Kind"},
    "btn.back": {"zh": "↩️ 返回", "en": "↩️ Back"},
    "btn.type_place": {"zh": "✏️ 写地点", "en": "✏️ Type the place"},
    "btn.whole": {"zh": "就是{building}", "en": "{building} (no room)"},
    "btn.thank": {"zh": "💐 谢谢师傅", "en": "💐 Say thanks"},
    "btn.thanks_plain": {"zh": "就说声谢谢", "en": "Just say thanks"},
    "btn.photos": {"zh": "🖼 全部照片（{count}）", "en": "🖼 All photos ({count})"},
    "card.followers": {"zh": "👥 另有 {count} 人也报了", "en": "👥 {count} more reported it"},
    "card.photos": {"zh": "🖼 {count} 张照片", "en": "🖼 {count} photos"},
    "tell.follow": {
        "zh": "👥 {by} 也报了 #{id}（{place}）。",
        "en": "👥 {by} reported #{id} ({place}) too.",
    },
    "tell.follow_note": {
        "zh": "👥 {by} 也报了 #{id}（{place}）：{note}",
        "en": "👥 {by} reported #{id} ({place}) too: {note}",
    },
    "tell.thank": {
        "zh": "💐 {by} 谢谢你修好了 #{id}（{place}）！",
        "en": "💐 {by} thanks you for fixing #{id} ({place})!",
    },
    "tell.thank_note": {
        "zh": "💐 {by} 谢谢你修好了 #{id}（{place}）：“{note}”",
        "en": "💐 {by} thanks you for fixing #{id} ({place}): “{note}”",
    },
    "tell.fixed_followed": {
        "zh": "✅ 你也报过的 #{id}（{place}）已由 {assignee} 修好。",
        "en": "✅ #{id} ({place}), which you reported too, was fixed by {assignee}.",
    },
    "tell.cancel_followed": {
        "zh": "↩️ #{id}（{place}）已被报修人撤销。如果还没修好，请重新报修。",
        "en": "↩️ #{id} ({place}) was withdrawn by its reporter. If it is still broken, please report it again.",
    },
    "tell.confirm_rated": {
        "zh": "#{id}（{place}）报修人已确认修好，评价 {stars}。辛苦了！",
        "en": "The reporter confirmed #{id} ({place}) is fixed and rated it {stars}. Thank you!",
    },
    "tell.confirm_rated_top": {
        "zh": "🌸 #{id}（{place}）报修人确认修好，给了五星 {stars}！辛苦了！",
        "en": "🌸 The reporter confirmed #{id} ({place}) and gave it five stars {stars}! Thank you!",
    },
    "tell.rate_top": {
        "zh": "🌸 #{id}（{place}）获得五星评价 {stars}，谢谢你！",
        "en": "🌸 #{id} ({place}) got five stars {stars}. Thank you!",
    },
    "ask.thanks": {
        "zh": "想对 {assignee} 说句什么（#{id}）？直接发给我，或点“就说声谢谢”。",
        "en": "What would you like to tell {assignee} (#{id})? Just send it, or tap “Just say thanks”.",
    },
    "done.thank": {"zh": "已转达给 {assignee} 💐", "en": "Passed on to {assignee} 💐"},
    "photos.none": {"zh": "#{id} 没有照片。", "en": "#{id} has no photos."},
    "photos.caption": {"zh": "#{id}（{place}）的照片", "en": "Photos of #{id} ({place})"},
    "already_following": {
        "zh": "你已经报过 #{id} 了，修好时会通知你。",
        "en": "You already reported #{id}; you'll hear when it is fixed.",
    },
    "nobody_to_thank": {
        "zh": "#{id} 没有别的维修人可以感谢。",
        "en": "#{id} has no other worker to thank.",
    },
    "already_thanked": {
        "zh": "你已经谢过 {assignee} 了（#{id}）。",
        "en": "You already thanked {assignee} for #{id}.",
    },
    "forbidden_thank": {
        "zh": "只有报修人（或也报了的人）可以感谢 #{id} 的维修人。",
        "en": "Only those who reported #{id} can thank its worker.",
    },
    "forbidden_follow": {"zh": "你不能补充 #{id}。", "en": "You can't add to #{id}."},
    "wrong_status_follow": {
        "zh": "#{id} 已经{status_text}了。如果还有问题，请重新报修。",
        "en": "#{id} is {status_text} already. If something is still wrong, please report it again.",
    },
    "wrong_status_thank": {
        "zh": "#{id} 还没修好（{status_text}），修好了再谢吧。",
        "en": "#{id} is not fixed yet ({status_text}); say thanks once it is.",
    },
    "cmd.thanks": {"zh": "感谢维修师傅", "en": "Thank the worker"},
    "cmd.qr": {
        "zh": "打印每个房间的报修二维码（主任）",
        "en": "QR stickers for every room (head)",
    },
    "qr.done": {
        "zh": "🖨 {count} 张报修二维码，共 {pages} 页 A4。剪下来贴在各个房间：扫码就能报修，地点自动填好。",
        "en": "🖨 {count} QR stickers on {pages} A4 pages. Cut them out and put one in each room: scanning one opens a report with the place filled in.",
    },
    "qr.no_places": {
        "zh": "学校的地点名单是空的。先在 school.yaml 的 locations 里写上楼和房间，再导入。",
        "en": "The school has no places yet. List buildings and rooms under locations in school.yaml, then import it.",
    },
    # --- command menu (setMyCommands) ---
    "cmd.report": {"zh": "报修：哪里坏了", "en": "Report a problem"},
    "cmd.my": {"zh": "我的报修", "en": "My tickets"},
    "cmd.tickets": {"zh": "维修一览表", "en": "The repair log"},
    "cmd.ticket": {"zh": "查看报修单", "en": "Show a ticket"},
    "cmd.claim": {"zh": "接单（维修人员）", "en": "Claim a ticket (workers)"},
    "cmd.done": {"zh": "修好了（维修人员）", "en": "Mark fixed (workers)"},
    "cmd.hold": {"zh": "暂停（维修人员）", "en": "Put on hold (workers)"},
    "cmd.resume": {"zh": "继续维修（维修人员）", "en": "Resume (workers)"},
    "cmd.confirm": {"zh": "确认修好并评分", "en": "Confirm a fix and rate it"},
    "cmd.reopen": {"zh": "没修好，退回", "en": "Not fixed: reopen"},
    "cmd.cancel": {"zh": "撤销报修", "en": "Cancel a report"},
    "cmd.rate": {"zh": "给修好的报修单评分", "en": "Rate a closed ticket"},
    "cmd.category": {"zh": "改类别", "en": "Change a ticket's category"},
    "cmd.dispatch": {
        "zh": "指派报修单给某人（主任/值班）",
        "en": "Assign a ticket to someone (head, on duty)",
    },
    "cmd.urgency": {"zh": "改紧急程度", "en": "Change a ticket's urgency"},
    "cmd.posts": {"zh": "后勤岗位", "en": "Logistics posts"},
    "cmd.post": {"zh": "岗位标准与时限", "en": "A post's standard and limits"},
    "cmd.duty": {"zh": "值班表", "en": "Duty roster"},
    "cmd.who": {"zh": "这事找谁？", "en": "Who handles this?"},
    "cmd.whoami": {"zh": "我的身份", "en": "Who am I to the bot"},
    "cmd.help": {"zh": "帮助", "en": "Help"},
    "cmd.start": {"zh": "开始", "en": "Start"},
    "workbook.too_big": {
        "zh": "这个文件太大了（最多 5 MB）。",
        "en": "That file is too large (5 MB at most).",
    },
    "workbook.problems": {
        "zh": "❌ 没有导入，有 {count} 处要改：\n{problems}",
        "en": "❌ Nothing was loaded; {count} things to fix:\n{problems}",
    },
    "workbook.more": {"zh": "……还有 {count} 处。", "en": "… and {count} more."},
    "workbook.loaded": {
        "zh": "✅ 已导入学校设置：{summary}",
        "en": "✅ The set-up is loaded: {summary}",
    },
    "workbook.same": {"zh": "没有变化", "en": "no changes"},
    # --- python -m bot setup ---
    "setup_env.hello": {
        "zh": "三个问题，写好 .env。随时按 Ctrl-C 退出，什么都不会写。",
        "en": "Three questions, then .env is written. Ctrl-C at any time writes nothing.",
    },
    "setup_env.token": {
        "zh": "1/3 机器人令牌（@BotFather 给的，形如 123456789:AA…）：",
        "en": "1/3 The bot's token (from @BotFather, like 123456789:AA…): ",
    },
    "setup_env.bad_token": {
        "zh": "这不像令牌：数字、冒号、再一串字母数字。到 @BotFather 发 /token 再复制一次。",
        "en": "That is not a token: digits, a colon, then letters and digits. Send /token to @BotFather and copy it again.",
    },
    "setup_env.group": {
        "zh": "2/3 学校群的号码（把机器人拉进群，在群里发 /setup 就能看到，形如 -100…）：",
        "en": "2/3 The school group's id (add the bot, send /setup in the group; like -100…): ",
    },
    "setup_env.bad_group": {
        "zh": "群号是负数，形如 -1001234567890。",
        "en": "A group's id is negative, like -1001234567890.",
    },
    "setup_env.heads": {
        "zh": "3/3 后勤主任的 Telegram 号码（私聊机器人发 /whoami 可见；几位用逗号隔开）：",
        "en": "3/3 The head's Telegram id (send /whoami to the bot; several with commas): ",
    },
    "setup_env.bad_heads": {
        "zh": "只写数字，几位之间用逗号，例如 123456789,987654321。",
        "en": "Digits only, commas between several, e.g. 123456789,987654321.",
    },
    "setup_env.exists": {
        "zh": "{path} 已经有了，覆盖吗？（是/否）",
        "en": "{path} exists; overwrite it? (yes/no) ",
    },
    "setup_env.kept": {"zh": "没有改动 {path}。", "en": "{path} left as it was."},
    "setup_env.done": {
        "zh": "已写好 {path}。下一步：python -m bot import school.yaml，然后 python -m bot doctor 检查。",
        "en": "Wrote {path}. Next: python -m bot import school.yaml, then python -m bot doctor.",
    },
    # --- python -m bot doctor ---
    "setup_group_id": {
        "zh": "这个群的号码是 {id}。如果这是学校群，把 SCHOOL_CHAT_ID={id} 写进 .env（维修群写 WORKERS_CHAT_ID），重启机器人，再运行 python -m bot doctor 检查。",
        "en": "This group's id is {id}. If it is the school group, put SCHOOL_CHAT_ID={id} in .env (WORKERS_CHAT_ID for the workers' chat), restart the bot, then run python -m bot doctor.",
    },
    "doctor.ok.database": {"zh": "数据库可写：{path}", "en": "The database is writable: {path}"},
    "doctor.bad.database": {
        "zh": "数据库打不开：{path}（{error}）。检查 DATABASE_PATH 和文件夹权限。",
        "en": "Cannot open the database {path} ({error}). Check DATABASE_PATH and the folder's permissions.",
    },
    "doctor.bad.settings": {
        "zh": "✗ 设置有问题（.env）：\n{problems}",
        "en": "✗ The settings (.env) have problems:\n{problems}",
    },
    "doctor.bad.token_missing": {
        "zh": "没有 TELEGRAM_BOT_TOKEN：在 @BotFather 创建机器人，把令牌写进 .env。",
        "en": "No TELEGRAM_BOT_TOKEN: create the bot with @BotFather and put its token in .env.",
    },
    "doctor.ok.token": {"zh": "令牌有效：@{username}", "en": "The token works: @{username}"},
    "doctor.bad.token": {
        "zh": "Telegram 拒绝了这个令牌：在 @BotFather 重新获取（/token）。",
        "en": "Telegram refused the token: get it again from @BotFather (/token).",
    },
    "doctor.bad.network": {
        "zh": "连不上 {url}（{error}）。检查网络或 TELEGRAM_API_BASE_URL。",
        "en": "Cannot reach {url} ({error}). Check the network or TELEGRAM_API_BASE_URL.",
    },
    "doctor.ok.privacy_on": {
        "zh": "隐私模式开启：群里只收到命令、回复和@（和 README 一致）。",
        "en": "Privacy mode is on: in groups the bot gets commands, replies and mentions (as the README expects).",
    },
    "doctor.hint.privacy_off": {
        "zh": "隐私模式已关闭：机器人会收到群里每一条消息。可以用，但 @BotFather → /setprivacy 打开更省心。",
        "en": "Privacy mode is off: the bot receives every group message. It works, but @BotFather → /setprivacy on is calmer.",
    },
    "doctor.ok.group": {"zh": "学校群可用：{title}", "en": "The school group works: {title}"},
    "doctor.bad.group_missing": {
        "zh": "没有 SCHOOL_CHAT_ID：把机器人拉进学校群，在群里发 /start@机器人，把群号写进 .env。",
        "en": "No SCHOOL_CHAT_ID: add the bot to the school group, send /start there, and put the group's id in .env.",
    },
    "doctor.bad.group_unreachable": {
        "zh": "机器人不在学校群 {chat} 里，或不能在里面发言：把它加进群。",
        "en": "The bot is not in the school group {chat}, or may not post there: add it.",
    },
    "doctor.hint.not_admin": {
        "zh": "建议把机器人设为群管理员：这样有人进群、退群它能马上知道。",
        "en": "Make the bot an admin of the group: it then hears at once when someone joins or leaves.",
    },
    "doctor.ok.workers": {
        "zh": "{count} 位维修人员都已私聊过机器人，能收到提醒。",
        "en": "All {count} workers have opened a private chat: they can be reminded.",
    },
    "doctor.bad.workers_silent": {
        "zh": "这些人还没私聊过机器人，收不到提醒：{names}。请他们打开机器人点“开始”。",
        "en": "These people never opened a private chat and cannot be reminded: {names}. Ask them to open the bot and press Start.",
    },
    "doctor.bad.workers_missing": {
        "zh": "WORKERS_CHAT_ID 没设（可以不设）。",
        "en": "WORKERS_CHAT_ID is not set (that is fine).",
    },
    "doctor.ok.workers_chat": {
        "zh": "维修群可用：{title}",
        "en": "The workers' chat works: {title}",
    },
    "doctor.bad.workers_unreachable": {
        "zh": "机器人不在维修群 {chat} 里：把它加进去，或删掉 WORKERS_CHAT_ID。",
        "en": "The bot is not in the workers' chat {chat}: add it, or remove WORKERS_CHAT_ID.",
    },
    "doctor.ok.head": {
        "zh": "主任 {user} 已私聊过机器人。",
        "en": "Head {user} has opened a private chat with the bot.",
    },
    "doctor.bad.head": {
        "zh": "主任 {user} 还没私聊过机器人（或号码不对）：请打开机器人点“开始”，再核对 ADMIN_USER_IDS。",
        "en": "Head {user} never opened a private chat (or the id is wrong): open the bot, press Start, and check ADMIN_USER_IDS.",
    },
    "doctor.bad.posts_empty": {
        "zh": "这些岗位还没有人：{names}。在 school.yaml 的 staff 里安排，或用 /assign。",
        "en": "These posts have nobody: {names}. Fill them in school.yaml's staff, or with /assign.",
    },
    "doctor.hint.categories_orphan": {
        "zh": "这些报修类别没有对应岗位，会直接交给主任：{names}。",
        "en": "These categories have no post, so they go to the head: {names}.",
    },
    "doctor.bad.no_setup": {
        "zh": "还没有导入学校设置：python -m bot import school.yaml",
        "en": "No set-up loaded yet: python -m bot import school.yaml",
    },
    "doctor.ok.timezone": {"zh": "时区：{zone}", "en": "Time zone: {zone}"},
    "doctor.ready": {"zh": "可以运行了：python -m bot", "en": "Ready to run: python -m bot"},
    "doctor.blocked": {
        "zh": "有 ✗ 标记的问题要先解决，机器人才能运行。",
        "en": "Fix what is marked ✗ first: the bot cannot run until then.",
    },
    # --- water and power (水电管理) ---
    "cmd.meter": {"zh": "抄表：/meter 表名 读数", "en": "Read a meter: /meter name figure"},
    "cmd.meters": {"zh": "本月水电用量（张榜公布）", "en": "This month's water and power"},
    "action.reading": {"zh": "抄表", "en": "read the meter"},
    "btn.meter_read": {"zh": "📟 填读数", "en": "📟 Enter the reading"},
    "btn.meter_rollover": {
        "zh": "🔄 表走了一圈（+{use}{unit}）",
        "en": "🔄 It rolled over (+{use}{unit})",
    },
    "btn.meter_right": {"zh": "✅ 没错，就是这个数", "en": "✅ Yes, that is the figure"},
    "btn.meter_retype": {"zh": "✏️ 输错了，重新输入", "en": "✏️ A typo: type it again"},
    "meter.ask": {
        "zh": "📟 {meter}：请输入表上的读数（{unit}）。{last}",
        "en": "📟 {meter}: type the figure on the dial ({unit}). {last}",
    },
    "meter.last": {"zh": "上次 {value}{unit}（{at}）。", "en": "Last: {value}{unit} ({at})."},
    "meter.no_last": {"zh": "这是第一次抄表。", "en": "This is its first reading."},
    "meter.recorded": {
        "zh": "📟 已记录：{meter} {value}{unit}",
        "en": "📟 Recorded: {meter} {value}{unit}",
    },
    "meter.use": {"zh": "，用量 {use}{unit}", "en": ", use {use}{unit}"},
    "meter.flag.rollover": {
        "zh": "🔄 表走了一圈，用量已按一圈计算。",
        "en": "🔄 The counter rolled over; the use counts the full turn.",
    },
    "meter.flag.high": {
        "zh": "⚠️ 用量比平常多很多，已告诉后勤主任。",
        "en": "⚠️ Far more than usual; the head is told.",
    },
    "meter.flag.missed": {
        "zh": "📝 上一次抄表漏了，已记下。",
        "en": "📝 A round was missed; noted.",
    },
    "meter.flag.closed_high": {
        "zh": "🚰 放假/休息日用量偏高：可能漏水或忘关，已告诉后勤主任。",
        "en": "🚰 High use on days the school was closed: a leak or something left on? The head is told.",
    },
    "meter.head_flag.high": {
        "zh": "• 日均用量是平常的两倍以上。",
        "en": "• Over twice the usual daily use.",
    },
    "meter.head_flag.closed_high": {
        "zh": "• 学校关门的日子用量偏高：可能漏水或忘关，请安排检查。",
        "en": "• High use while the school was closed: a leak or something left on? Please have it checked.",
    },
    "meter.head": {
        "zh": "⚠️ {meter} 读数 {value}（用量 {use}{unit}），{by} 抄表：",
        "en": "⚠️ {meter} read {value} (use {use}{unit}) by {by}:",
    },
    "meter.ask_lower": {
        "zh": "📟 {value} 比上次的读数还小。是{meter}走了一圈，还是输错了？",
        "en": "📟 {value} is below the last reading. Did {meter} roll over, or was it a typo?",
    },
    "meter.ask_high": {
        "zh": "📟 {value}：日均用量 {daily}{unit}，平常 {usual}{unit}，多了一倍以上。读数没错吗？",
        "en": "📟 {value}: {daily}{unit} a day against a usual {usual}{unit}, over twice as much. Is the figure right?",
    },
    "meter.retype": {
        "zh": "好的，请重新输入{meter}的读数。",
        "en": "Fine: type {meter}'s figure again.",
    },
    "meter.list": {"zh": "📟 水电表", "en": "📟 Meters"},
    "meter.none": {
        "zh": "还没有设置水电表（school.yaml 的 meters）。",
        "en": "No meters set up yet (school.yaml's meters).",
    },
    "meter.usage": {
        "zh": "用法：/meter 表名 读数，例如 /meter water_main 12345（更正上次：/meter water_main 12345 更正）",
        "en": "Usage: /meter name figure, e.g. /meter water_main 12345 (correct the last: add fix)",
    },
    "bad_reading": {
        "zh": "读数“{value}”不对：只写表上的数字，例如 12345 或 12345.6，不要带单位。",
        "en": "“{value}” is not a reading: just the digits on the dial, e.g. 12345 or 12345.6, no unit.",
    },
    "reading_too_many_digits": {
        "zh": "这块表只有 {digits} 位数，读数太大了。",
        "en": "This meter has {digits} digits; that figure is too large.",
    },
    "no_such_meter": {
        "zh": "没有“{value}”这块表。有：{known}",
        "en": "No meter “{value}”. Known: {known}",
    },
    "meter_not_yours": {"zh": "{meter} 由负责的岗位抄表。", "en": "{meter} is read by its post."},
    "meter_question_gone": {
        "zh": "这个问题已经过期了，请重新输入读数。",
        "en": "That question expired; type the reading again.",
    },
    "nothing_to_correct": {
        "zh": "{meter} 还没有读数可更正。",
        "en": "{meter} has no reading to correct.",
    },
    "reading_needed": {
        "zh": "#{id} 是抄表任务：点 📟 填读数，填好就完成。",
        "en": "#{id} is a reading round: press 📟 and type the figure; that finishes it.",
    },
    "meters.title": {"zh": "💧⚡ {month} 水电用量", "en": "💧⚡ Water and power, {month}"},
    "meters.posted": {
        "zh": "📢 {month} 水电用量公布（一月一查抄，张榜公布）",
        "en": "📢 Water and power used in {month}",
    },
    "meters.line": {
        "zh": "{meter}：{total}{unit}（上月 {last}，去年同月 {year}）{per_pupil} · {cost} 元 · 工作日 {working} / 休息日 {closed}",
        "en": "{meter}: {total}{unit} (last month {last}, a year ago {year}){per_pupil} · {cost} yuan · school days {working} / days off {closed}",
    },
    "meters.per_pupil": {"zh": " · 人均 {value}{unit}", "en": " · {value}{unit} per pupil"},
    "meters.chart_title": {"zh": "水电用量", "en": "Water and power"},
    "meters.chart_now": {"zh": "本月", "en": "this month"},
    "meters.chart_last": {"zh": "上月", "en": "last month"},
    "meters.chart_year": {"zh": "去年同月", "en": "a year ago"},
    # --- rules, responsibility letters, damage (规章制度, 责任状, 公物损坏赔偿) ---
    "cmd.rules": {
        "zh": "规章制度（/rules 关键词 查找）",
        "en": "The written rules (/rules words to search)",
    },
    "cmd.rule": {"zh": "查看一项制度（含旧版本）", "en": "Read one rule (older versions too)"},
    "cmd.letters": {
        "zh": "责任状签署情况（主任）",
        "en": "Who signed the responsibility letters (head)",
    },
    "cmd.cause": {
        "zh": "登记损坏原因（维修人员、主任）",
        "en": "Record why it broke (workers, head)",
    },
    "cmd.damage": {"zh": "公物损坏赔偿台账", "en": "The damage ledger"},
    "action.rule": {"zh": "制度更新", "en": "rule loaded"},
    "action.sign_letter": {"zh": "签署责任状", "en": "signed the letter"},
    "action.damage_cause": {"zh": "登记损坏原因", "en": "recorded the cause"},
    "action.damage_settle": {"zh": "赔偿处理", "en": "settled the damage"},
    "rules.none": {
        "zh": "还没有导入规章制度（school.yaml 旁边的 rules 文件夹）。",
        "en": "No rules loaded yet (the rules folder beside school.yaml).",
    },
    "rules.title": {"zh": "📜 规章制度", "en": "📜 The school's rules"},
    "rules.line": {
        "zh": "• {title}（{version}，{day}）/rule {rule}",
        "en": "• {title} ({version}, {day}) /rule {rule}",
    },
    "rules.hint": {"zh": "查找：/rules 玻璃 赔偿", "en": "Search: /rules glass"},
    "rules.nothing": {
        "zh": "没有找到提到“{words}”的条款。",
        "en": "No paragraph mentions “{words}”.",
    },
    "rules.found": {"zh": "🔎 “{words}”：{count} 条", "en": "🔎 “{words}”: {count} paragraphs"},
    "rules.new": {
        "zh": "📜 新制度：{title}（{version}）。发送 /rule {rule} 查看。",
        "en": "📜 A new rule: {title} ({version}). Send /rule {rule} to read it.",
    },
    "rules.changed": {
        "zh": "📜 制度已更新：{title}（{version}）。发送 /rule {rule} 查看。",
        "en": "📜 A rule changed: {title} ({version}). Send /rule {rule} to read it.",
    },
    "rule.usage": {
        "zh": "用法：/rule property（或制度名称），/rule property 2025.1 看旧版本",
        "en": "Usage: /rule property (or its title); /rule property 2025.1 for an older version",
    },
    "rule.head": {"zh": "📜 {title}（{version}，{day}）", "en": "📜 {title} ({version}, {day})"},
    "rule.versions": {"zh": "其他版本：{versions}", "en": "Other versions: {versions}"},
    "no_such_rule": {
        "zh": "没有“{value}”这项制度。/rules 查看全部。",
        "en": "There is no rule “{value}”. /rules lists them.",
    },
    "rule_version_reused": {
        "zh": "{rule} 的 {version} 版内容变了：请改版本号。",
        "en": "{rule} {version} changed: give it a new version.",
    },
    "post.rules": {"zh": "📜 相关制度：{names}", "en": "📜 Rules it follows: {names}"},
    "post.letters": {
        "zh": "✍️ 责任状：已签 {signed}；未签 {unsigned}",
        "en": "✍️ Responsibility letter: signed {signed}; not yet {unsigned}",
    },
    "btn.sign_letter": {"zh": "✍️ 我已阅读，签署责任状", "en": "✍️ I have read it: sign"},
    "letter.signed": {"zh": "✍️ 已签署{post}责任状。", "en": "✍️ Signed: {post}."},
    "letter.signed_already": {
        "zh": "你已经签过{post}的责任状了。",
        "en": "You had signed {post} already.",
    },
    "letter_not_holder": {
        "zh": "只有{post}岗位的人员签署这份责任状。",
        "en": "Only {post}'s holders sign this letter.",
    },
    "letters.title": {
        "zh": "✍️ 责任状（已签/应签 · 未签的人）",
        "en": "✍️ Responsibility letters (signed/due · not yet)",
    },
    "settlement.none": {"zh": "不需赔偿", "en": "nothing to pay"},
    "settlement.proposed": {"zh": "待确认", "en": "to confirm"},
    "settlement.confirmed": {"zh": "确认（元）", "en": "confirmed (yuan)"},
    "settlement.paid": {"zh": "已交（元）", "en": "paid (yuan)"},
    "settlement.waived": {"zh": "免除", "en": "waived"},
    "cause.wear": {"zh": "自然损耗", "en": "normal wear"},
    "cause.poor_care": {"zh": "管理不善", "en": "poor care"},
    "cause.by_person": {"zh": "人为损坏", "en": "damage by a person"},
    "cause.deliberate": {"zh": "故意损坏", "en": "deliberate"},
    "cause.unknown": {"zh": "原因不明", "en": "unknown"},
    "damage.ask_cause": {"zh": "#{id} 是什么原因坏的？", "en": "#{id}: why did it break?"},
    "damage.ask_class": {"zh": "#{id} 是哪个班？", "en": "#{id}: which class?"},
    "damage.ask_item": {
        "zh": "#{id} 损坏的是什么？（按价格表）",
        "en": "#{id}: what was damaged (price list)?",
    },
    "damage.ask_quantity": {
        "zh": "损坏了多少{unit}？输入数字，例如 1.5",
        "en": "How many {unit}? Type a number, e.g. 1.5",
    },
    "damage.ask_cost": {
        "zh": "实际费用多少元？输入数字，例如 35",
        "en": "What did it cost, in yuan? Type a number, e.g. 35",
    },
    "damage.no_class": {"zh": "不是班级/不清楚", "en": "no class / not known"},
    "damage.other_item": {"zh": "其他（按实际费用）", "en": "other (actual cost)"},
    "damage.line": {
        "zh": "⚖️ #{id} {place} {what} · {cause}",
        "en": "⚖️ #{id} {place} {what} · {cause}",
    },
    "damage.who": {"zh": "责任：{who}", "en": "Answerable: {who}"},
    "damage.no_charge": {"zh": "不需要赔偿。", "en": "Nothing to pay."},
    "damage.status.proposed": {
        "zh": "按制度应赔 {proposed} 元，待主任确认。",
        "en": "The rule gives {proposed} yuan; the head confirms.",
    },
    "damage.status.confirmed": {
        "zh": "已确认赔偿 {amount} 元。{reason}",
        "en": "Confirmed: {amount} yuan. {reason}",
    },
    "damage.status.paid": {"zh": "已交 {amount} 元。", "en": "Paid: {amount} yuan."},
    "damage.status.waived": {"zh": "已免除：{reason}", "en": "Waived: {reason}"},
    "damage.status.none": {"zh": "不需要赔偿。", "en": "Nothing to pay."},
    "damage.head_hint": {
        "zh": "改金额：/damage {id} 100 理由；免除：/damage {id} waive 理由",
        "en": "Another amount: /damage {id} 100 reason; waive: /damage {id} waive reason",
    },
    "btn.damage_confirm": {"zh": "✅ 确认 {amount} 元", "en": "✅ Confirm {amount} yuan"},
    "btn.damage_paid": {"zh": "💰 已交", "en": "💰 Paid"},
    "damage.teacher": {
        "zh": "⚖️ {cls} 班主任您好：\n{text}\n请通知家长；交款后后勤处登记。（此消息只发给您本人）",
        "en": "⚖️ To the class teacher of {cls}:\n{text}\nPlease tell the parents; the office records the payment. (Sent to you alone.)",
    },
    "damage.ledger": {"zh": "⚖️ 公物损坏赔偿台账 · {term}", "en": "⚖️ Damage ledger · {term}"},
    "damage.ledger_line": {
        "zh": "{cls}：{count} 次 · 确认 {confirmed} 元 · 已交 {paid} 元 · 免除 {waived} 次",
        "en": "{cls}: {count} · confirmed {confirmed} · paid {paid} · waived {waived}",
    },
    "damage.ledger_none": {"zh": "（没有）", "en": "(none)"},
    "bad_amount": {
        "zh": "金额“{value}”不对：要大于 0，最多两位小数，例如 35 或 12.5。",
        "en": "“{value}” is not an amount: above 0, at most two decimals, e.g. 35 or 12.5.",
    },
    "unknown_class": {
        "zh": "没有“{value}”这个班。已知：{known}",
        "en": "No class “{value}”. Known: {known}",
    },
    "unknown_item": {
        "zh": "价格表里没有“{value}”。有：{known}",
        "en": "“{value}” is not on the price list: {known}",
    },
    "unknown_cause": {
        "zh": "看不懂原因“{value}”。可以写：自然损耗、管理不善、人为损坏、故意损坏、原因不明。",
        "en": "Unknown cause “{value}”: wear, poor_care, by_person, deliberate, unknown.",
    },
    "damage_not_done": {
        "zh": "#{id} 还没修好：修好后再登记原因（不耽误维修）。",
        "en": "#{id} is not fixed yet: record the cause once it is (the repair comes first).",
    },
    "damage_not_yours": {
        "zh": "#{id} 由 {assignee} 修的，只有他/她或主任可以登记原因。",
        "en": "#{id} was fixed by {assignee}; only they or the head record the cause.",
    },
    "damage_settled": {
        "zh": "#{id} 的赔偿已经处理完了。",
        "en": "#{id}'s damage is settled already.",
    },
    "damage_reason_needed": {
        "zh": "#{id}：改金额或免除要写理由。",
        "en": "#{id}: another amount or a waiver needs a reason.",
    },
    "damage_not_confirmed": {
        "zh": "#{id} 的赔偿还没确认。",
        "en": "#{id}'s amount is not confirmed yet.",
    },
    "no_damage": {"zh": "#{id} 没有需要处理的赔偿。", "en": "#{id} has no damage to settle."},
    # --- meetings and visits (会务, 接待) ---
    "cmd.meeting": {"zh": "申请会务（会议保障）", "en": "Ask for meeting support"},
    "cmd.visit": {"zh": "登记来访接待", "en": "Register a visit"},
    "cmd.meetings": {"zh": "近期会务和来访", "en": "Coming meetings and visits"},
    "cmd.visits": {"zh": "本学期来访和费用（主任）", "en": "This term's visits and cost (head)"},
    "cmd.cost": {"zh": "记录会务/接待费用", "en": "Record what a visit cost"},
    "cmd.signin": {"zh": "在本群发起会议签到", "en": "Post a meeting's sign-in here"},
    "meeting.form.meeting": {"zh": "📅 会务申请", "en": "📅 Meeting support request"},
    "meeting.form.visit": {"zh": "🤝 来访接待", "en": "🤝 A visit"},
    "meeting.ask.title": {
        "zh": "会议名称是什么？（例如：三年级家长会）",
        "en": "What is the meeting called (e.g. Year 3 parents' meeting)?",
    },
    "meeting.ask.guests": {
        "zh": "谁来访？（单位和带队人）",
        "en": "Who is visiting (organisation and leader)?",
    },
    "meeting.ask.day": {
        "zh": "哪一天？点按钮，或输入日期（12-03、周三）。",
        "en": "Which day? Press one, or type a date (12-03, wed).",
    },
    "meeting.ask.time": {
        "zh": "几点到几点？例如 14:30-16:00",
        "en": "From when to when? e.g. 14:30-16:00",
    },
    "meeting.ask.room": {
        "zh": "在哪里？点按钮，或输入地点。",
        "en": "Where? Press one, or type the place.",
    },
    "meeting.ask.people": {"zh": "大约多少人？", "en": "About how many people?"},
    "meeting.ask.needs": {
        "zh": "需要什么？可以多选，选好点“好了”。",
        "en": "What is needed? Choose any, then press Done.",
    },
    "meeting.ask.layout": {"zh": "会场怎么布置？", "en": "How should the room be laid out?"},
    "meeting.ask.reception": {
        "zh": "按学校规定，接待标准是：",
        "en": "Reception, as the school's rule allows:",
    },
    "meeting.ask.note": {
        "zh": "还有要说明的吗？直接输入，或点“没有了”。",
        "en": "Anything else? Type it, or press Nothing more.",
    },
    "meeting.ask.confirm": {"zh": "没问题就点“提交”。", "en": "If it is right, press Submit."},
    "meeting.line.title": {"zh": "📌 {value}", "en": "📌 {value}"},
    "meeting.line.guests": {"zh": "👥 来访：{value}", "en": "👥 Visitors: {value}"},
    "meeting.line.when": {"zh": "🕐 {value}", "en": "🕐 {value}"},
    "meeting.line.room": {"zh": "📍 {value}", "en": "📍 {value}"},
    "meeting.line.people": {"zh": "👥 {value} 人", "en": "👥 {value} people"},
    "meeting.line.needs": {"zh": "🧰 需要：{value}", "en": "🧰 Needs: {value}"},
    "meeting.line.layout": {"zh": "🪑 布置：{value}", "en": "🪑 Layout: {value}"},
    "meeting.line.reception": {"zh": "🍵 接待：{value}", "en": "🍵 Reception: {value}"},
    "meeting.line.note": {"zh": "📝 {value}", "en": "📝 {value}"},
    "meeting.line.organiser": {"zh": "👤 申请人：{value}", "en": "👤 Organiser: {value}"},
    "meeting.day0": {"zh": "今天", "en": "Today"},
    "meeting.day1": {"zh": "明天", "en": "Tomorrow"},
    "meeting.day2": {"zh": "后天", "en": "The day after"},
    "meeting.needs_done": {"zh": "✔️ 好了", "en": "✔️ Done"},
    "meeting.no_note": {"zh": "没有了", "en": "Nothing more"},
    "meeting.submit": {"zh": "✅ 提交", "en": "✅ Submit"},
    "need.sound": {"zh": "音响话筒", "en": "sound & microphones"},
    "need.projector": {"zh": "投影", "en": "projector"},
    "need.banner": {"zh": "横幅", "en": "banner"},
    "need.name_cards": {"zh": "席卡", "en": "name cards"},
    "need.tea": {"zh": "茶水", "en": "tea & water"},
    "need.sign_in": {"zh": "签到台", "en": "sign-in table"},
    "need.photos": {"zh": "拍照", "en": "photos"},
    "layout.rows": {"zh": "课桌式", "en": "rows"},
    "layout.u_shape": {"zh": "U形", "en": "U-shape"},
    "layout.round": {"zh": "圆桌", "en": "round tables"},
    "layout.none": {"zh": "不用布置", "en": "as it is"},
    "reception.tea": {"zh": "茶水", "en": "tea only"},
    "reception.meal": {"zh": "工作餐", "en": "a working meal"},
    "reception.budget": {"zh": "（每人{yuan}元以内）", "en": " (up to {yuan} yuan each)"},
    "meeting.bad_day": {
        "zh": "看不懂这个日期（或已经过去了）。例如：12-03、周三、明天。",
        "en": "I cannot read that day (or it has passed). E.g. 12-03, wed, tomorrow.",
    },
    "meeting.bad_time": {"zh": "请写成 14:30-16:00 这样。", "en": "Write it like 14:30-16:00."},
    "meeting.bad_people": {
        "zh": "请输入人数，例如 60。",
        "en": "Type the number of people, e.g. 60.",
    },
    "meeting.use_buttons": {
        "zh": "这一步请点上面的按钮。",
        "en": "Please use the buttons above for this step.",
    },
    "meeting_form_not_yours": {
        "zh": "这是别人的申请，只有本人能点。",
        "en": "This is someone else's request.",
    },
    "meeting_form_gone": {
        "zh": "这个申请已经提交或取消了。发送 /meeting 重新开始。",
        "en": "This request was submitted or cancelled. Send /meeting to start again.",
    },
    "stale_form_button": {
        "zh": "这个按钮已过期，请用最新的那条消息。",
        "en": "That button is out of date; use the latest message.",
    },
    "meeting.approved_at_once": {
        "zh": "✅ 已登记 M{id}。各岗位已收到任务，进度会发给你。",
        "en": "✅ Booked as M{id}. Each post has its task; you will get the progress.",
    },
    "meeting.sent_for_approval": {
        "zh": "📨 已提交 M{id}，等主任批准。",
        "en": "📨 Sent as M{id}; waiting for the head's approval.",
    },
    "meeting.request.meeting": {
        "zh": "📅 会务申请 M{id}：{title}",
        "en": "📅 Meeting request M{id}: {title}",
    },
    "meeting.request.visit": {"zh": "🤝 来访接待 M{id}：{title}", "en": "🤝 Visit M{id}: {title}"},
    "btn.approve": {"zh": "✅ 批准", "en": "✅ Approve"},
    "btn.reject": {"zh": "✖ 不批准", "en": "✖ Turn down"},
    "meeting.approved": {"zh": "✅ 已批准 M{id} {title}", "en": "✅ Approved: M{id} {title}"},
    "meeting.rejected": {"zh": "✖ 未批准 M{id} {title}", "en": "✖ Turned down: M{id} {title}"},
    "meeting.approved_you": {
        "zh": "✅ 你的申请 M{id}（{title}）已批准，各岗位已收到任务。",
        "en": "✅ Your request M{id} ({title}) is approved; each post has its task.",
    },
    "meeting.rejected_you": {
        "zh": "✖ 你的申请 M{id}（{title}）没有批准，有疑问请找后勤主任。",
        "en": "✖ Your request M{id} ({title}) was turned down; ask the head if in doubt.",
    },
    "meeting.progress.requested": {
        "zh": "📅 M{id} {title}（待批准）\n🕐 {span} · 📍 {room}",
        "en": "📅 M{id} {title} (awaiting approval)\n🕐 {span} · 📍 {room}",
    },
    "meeting.progress.approved": {
        "zh": "📅 M{id} {title}\n🕐 {span} · 📍 {room}",
        "en": "📅 M{id} {title}\n🕐 {span} · 📍 {room}",
    },
    "meeting.progress.rejected": {
        "zh": "📅 M{id} {title}（未批准）",
        "en": "📅 M{id} {title} (turned down)",
    },
    "meeting.progress.cancelled": {
        "zh": "📅 M{id} {title}（已取消）",
        "en": "📅 M{id} {title} (cancelled)",
    },
    "meeting.progress.tally": {"zh": "完成 {done}/{total}", "en": "Done {done}/{total}"},
    "meeting.hint": {
        "zh": "改时间：/meeting M{id} move 日期 14:30-16:00；签到：在群里发 /signin M{id}",
        "en": "Move it: /meeting M{id} move date 14:30-16:00; sign-in: /signin M{id} in the group",
    },
    "btn.meeting_cancel": {"zh": "✖ 取消会议", "en": "✖ Cancel the meeting"},
    "btn.meeting_cancel_yes": {"zh": "✖ 确定取消", "en": "✖ Yes, cancel it"},
    "meeting.cancel_ask": {
        "zh": "取消 M{id}（{title}）？各岗位的任务会一起取消。",
        "en": "Cancel M{id} ({title})? Every post's task is cancelled with it.",
    },
    "meeting.cancelled": {
        "zh": "✖ M{id}（{title}）已取消，已通知相关人员。",
        "en": "✖ M{id} ({title}) is cancelled; those with a task are told.",
    },
    "meeting.moved": {
        "zh": "🕐 M{id} 改到 {span}，各岗位任务已一起调整。",
        "en": "🕐 M{id} moved to {span}; every task moved with it.",
    },
    "meeting.usage_move": {
        "zh": "用法：/meeting M3 move 2026-12-04 14:30-16:00",
        "en": "Usage: /meeting M3 move 2026-12-04 14:30-16:00",
    },
    "meeting_usage": {
        "zh": "用法：/meeting（申请）或 /meeting M3（查看）",
        "en": "Usage: /meeting (ask) or /meeting M3 (see one)",
    },
    "meeting.usage_cost": {"zh": "用法：/cost M3 350", "en": "Usage: /cost M3 350"},
    "meeting.usage_signin": {
        "zh": "用法：在要签到的群里发 /signin M3",
        "en": "Usage: /signin M3 in the chat where people sign in",
    },
    "meeting.cost_set": {
        "zh": "💰 M{id} 费用记为 {cost} 元。",
        "en": "💰 M{id} cost recorded: {cost} yuan.",
    },
    "meeting.signin_posted": {
        "zh": "📝 {title}（{span}）签到：到了请点下面的按钮。",
        "en": "📝 {title} ({span}) sign-in: press the button when you are here.",
    },
    "btn.sign_in": {"zh": "✅ 签到", "en": "✅ Sign in"},
    "meeting.signed": {"zh": "✅ 已签到", "en": "✅ Signed in"},
    "meeting.signed_already": {"zh": "你已经签过到了。", "en": "You had signed in already."},
    "btn.meeting_fault": {"zh": "🔧 发现故障，报修", "en": "🔧 Something is broken: report"},
    "meeting.ask_fault": {
        "zh": "🔧 {place} 什么坏了？一句话或一张照片，会直接开报修单。",
        "en": "🔧 What is broken at {place}? A line or a photo; a repair ticket is opened.",
    },
    "meeting.fault_default": {"zh": "会场设备故障", "en": "Equipment fault at a meeting"},
    "meeting.fault_filed": {
        "zh": "已报修 #{id}，已通知值班人员。",
        "en": "Reported as #{id}; the one on duty is told.",
    },
    "meeting_clash": {
        "zh": "{room} 这个时间已经有会：{title}（{span}）。请换个时间或地点。",
        "en": "{room} is taken then: {title} ({span}). Choose another time or place.",
    },
    "meeting_decided": {
        "zh": "M{id} 已经处理过了（{status}）。",
        "en": "M{id} was already dealt with ({status}).",
    },
    "meeting_ends_before_start": {
        "zh": "结束时间要晚于开始时间。",
        "en": "It must end after it starts.",
    },
    "meeting_in_the_past": {"zh": "这个时间已经过去了。", "en": "That time has passed."},
    "meeting_no_room": {"zh": "请说明地点。", "en": "Say where, please."},
    "meeting_no_title": {"zh": "请写会议名称。", "en": "Give it a name, please."},
    "meeting_title_too_long": {
        "zh": "名称最多 {limit} 个字。",
        "en": "The name is at most {limit} characters.",
    },
    "meeting_people": {
        "zh": "人数要在 1 到 {limit} 之间。",
        "en": "The number of people must be 1 to {limit}.",
    },
    "meeting_not_on": {
        "zh": "M{id} 不是已批准的会议。",
        "en": "M{id} is not an approved meeting.",
    },
    "meeting_not_yours": {
        "zh": "M{id} 是 {organiser} 申请的，只有申请人或主任可以改。",
        "en": "M{id} is {organiser}'s; only they or the head can change it.",
    },
    "meeting_bad_cost": {"zh": "费用不对。", "en": "That cost cannot be right."},
    "no_such_meeting": {
        "zh": "没有 M{id} 这个会务。/meetings 查看。",
        "en": "There is no meeting M{id}. See /meetings.",
    },
    "meetings.coming": {
        "zh": "📅 近两周的会务和来访：",
        "en": "📅 Meetings and visits, the next two weeks:",
    },
    "meetings.past": {"zh": "🗂 最近的：", "en": "🗂 Recent:"},
    "meetings.none": {"zh": "（没有）", "en": "(none)"},
    "meetings.by_post": {
        "zh": "👷 {term} 会务任务（按岗位）：",
        "en": "👷 Meeting tasks, {term}, per post:",
    },
    "meetings.post_line": {
        "zh": "{post}：按时 {on_time} · 超时 {late} · 未完成 {open}",
        "en": "{post}: on time {on_time} · late {late} · not done {open}",
    },
    "meeting.status.requested": {"zh": "待批准", "en": "awaiting approval"},
    "meeting.status.approved": {"zh": "已批准", "en": "approved"},
    "meeting.status.rejected": {"zh": "未批准", "en": "turned down"},
    "meeting.status.cancelled": {"zh": "已取消", "en": "cancelled"},
    "visits.title": {"zh": "🤝 {term} 来访接待：", "en": "🤝 Visits, {term}:"},
    "visits.total": {
        "zh": "共 {count} 次，费用合计 {total} 元。",
        "en": "{count} visits, {total} yuan in all.",
    },
    "tell.new.meeting": {
        "zh": "📅 会务任务 #{id}：{description}\n📍 {place} · ⏰ {at} 前完成",
        "en": "📅 Meeting task #{id}: {description}\n📍 {place} · ⏰ done by {at}",
    },
    "tell.rescheduled": {
        "zh": "🕐 会议改时间了：#{id} {description}，现在 {at} 前完成。",
        "en": "🕐 The meeting moved: #{id} {description} is now due {at}.",
    },
    "remind.meeting_today": {
        "zh": "📅 今天 {span} {title} · {room}",
        "en": "📅 Today {span} {title} · {room}",
    },
    "remind.meetings_week": {"zh": "📅 下周会务安排：", "en": "📅 Next week's meetings:"},
    "remind.signins": {
        "zh": "📝 {title} 已签到 {count} 人：{names}",
        "en": "📝 {title}: {count} signed in: {names}",
    },
    # --- planned work, inspections, the term plan (后勤规划) ---
    "action.plan": {"zh": "计划生成", "en": "planned"},
    "action.skip": {"zh": "本次不做", "en": "skipped"},
    "action.inspect": {"zh": "巡检", "en": "checked"},
    "btn.skip": {"zh": "⏭ 本次不做", "en": "⏭ Skip this time"},
    "btn.walk": {"zh": "🔎 开始/继续巡检", "en": "🔎 Start / go on checking"},
    "btn.ok": {"zh": "✅ 正常", "en": "✅ OK"},
    "btn.fault": {"zh": "❌ 有问题", "en": "❌ Fault"},
    "btn.na": {"zh": "— 不适用", "en": "— N/A"},
    "btn.plan_pause": {"zh": "⏸ 暂停 {n}", "en": "⏸ Pause {n}"},
    "btn.plan_resume": {"zh": "▶️ 恢复 {n}", "en": "▶️ Resume {n}"},
    "btn.plan_drop": {"zh": "🗑 删除 {n}", "en": "🗑 Remove {n}"},
    "btn.plan_drop_yes": {"zh": "🗑 确定删除", "en": "🗑 Yes, remove it"},
    "btn.term_done": {"zh": "✅ 已完成：{title}", "en": "✅ Done: {title}"},
    "view.planned": {"zh": "计划任务", "en": "planned work"},
    "card.planned": {"zh": "📋 计划任务 · {day}", "en": "📋 Planned · {day}"},
    "card.checklist": {
        "zh": "🔎 检查 {items} 项 × {rooms} 处",
        "en": "🔎 {items} points × {rooms} places",
    },
    "tell.new.planned": {
        "zh": "📋 计划任务 #{id}：{title}\n📅 {day}",
        "en": "📋 Planned task #{id}: {title}\n📅 {day}",
    },
    "ask.skip": {
        "zh": "#{id} 这次为什么不做？（例如：设备已停用）直接回复文字即可。",
        "en": "Why is #{id} skipped this time (e.g. the equipment is out of use)? Just type it.",
    },
    "done.skip": {
        "zh": "#{id} 本次不做，已记录原因。",
        "en": "#{id} skipped; the reason is recorded.",
    },
    "forbidden_skip": {
        "zh": "#{id} 由 {assignee} 负责，只有他/她、值班人员或主任可以跳过。",
        "en": "#{id} is {assignee}'s; only they, the one on duty or the head can skip it.",
    },
    "skip_only_planned": {
        "zh": "#{id} 是报修单，不是计划任务：不能跳过。不需要修了请撤销。",
        "en": "#{id} is a report, not planned work: it cannot be skipped. Cancel it instead.",
    },
    "cmd.skip": {"zh": "计划任务本次不做（维修人员）", "en": "Skip a planned task (workers)"},
    "cmd.plans": {"zh": "计划任务（定期工作）", "en": "Planned, recurring work"},
    "cmd.plan": {"zh": "本学期后勤规划", "en": "This term's plan"},
    "cmd.addplan": {"zh": "新增计划（主任）", "en": "Add a plan (head)"},
    "cmd.workday": {"zh": "调休上班日（主任）", "en": "A make-up working day (head)"},
    "plans.none": {
        "zh": "还没有计划任务。主任可以用 /addplan 添加，或写在 school.yaml 的 plans 里。",
        "en": "No planned work yet. The head adds it with /addplan or in school.yaml's plans.",
    },
    "plans.title": {"zh": "📋 计划任务（{count}）", "en": "📋 Planned work ({count})"},
    "plans.items": {"zh": "清单{count}项", "en": "{count} points"},
    "plans.paused": {"zh": "⏸ 已暂停", "en": "⏸ paused"},
    "plans.next": {"zh": "下次 {day}", "en": "next {day}"},
    "plans.how_to_add": {
        "zh": "新增：/addplan 标题 岗位 规则 [地点]，例如 /addplan 消防器材检查 门卫 每周一\n规则：每天、每2周周五、每月15日、每月第2个周二、开学前5个工作日、2027-03-01",
        "en": "Add: /addplan title post rule [place], e.g. /addplan Fire-extinguishers gatekeeper weekly on mon\nRules: daily, every 2 weeks on fri, monthly on 15, monthly on 2nd tue, 5 working days before each term, 2027-03-01",
    },
    "plans.pause_plan": {"zh": "⏸ 已暂停：{title}", "en": "⏸ Paused: {title}"},
    "plans.resume_plan": {"zh": "▶️ 已恢复：{title}", "en": "▶️ Resumed: {title}"},
    "plans.remove_plan": {"zh": "🗑 已删除：{title}", "en": "🗑 Removed: {title}"},
    "plans.drop_ask": {
        "zh": "删除计划“{title}”？已生成的任务保留在维修一览表里。",
        "en": "Remove the plan “{title}”? Tasks already made stay in the repair log.",
    },
    "plans.added_next": {
        "zh": "第一次：{day}（{made} 生成任务并通知值班人员）。",
        "en": "First time: {day} (the task is made on {made} and the one on duty is told).",
    },
    "addplan_usage": {
        "zh": "用法：/addplan 标题 岗位 规则 [地点]，例如 /addplan 消防器材检查 门卫 每周一 教学楼",
        "en": "Usage: /addplan title post rule [place], e.g. /addplan Extinguishers gatekeeper weekly on mon",
    },
    "no_such_plan": {
        "zh": "没有这个计划了，/plans 查看。",
        "en": "That plan is gone; see /plans.",
    },
    "plan_exists": {"zh": "计划“{value}”已经有了。", "en": "The plan “{value}” exists already."},
    "plan_place_unknown": {
        "zh": "不认识地点“{value}”。/qr 或 school.yaml 里有全部地点；也可以写“每间教室”。",
        "en": "Unknown place “{value}”. Places are in school.yaml; “classrooms” means every classroom.",
    },
    "plan_rule_unknown": {
        "zh": "看不懂重复规则“{value}”。例如：每周一、每月15日、每月第2个周二、开学前5个工作日。",
        "en": "Cannot read the rule “{value}”. E.g. weekly on mon, monthly on 15, monthly on 2nd tue, 5 working days before each term.",
    },
    "setup.usage.workday": {
        "zh": "用法：/workday 2026-10-10 [周一] [名称] — 调休上班，按周几的作息和值班（/workday 日期 remove 取消）",
        "en": "Usage: /workday 2026-10-10 [mon] [name] — a make-up working day, with that weekday's hours and roster (/workday date remove to undo)",
    },
    "workday.default_name": {"zh": "调休上班", "en": "make-up working day"},
    "term.none": {
        "zh": "本学期还没有后勤规划项目（school.yaml 的 term_plan）。",
        "en": "No term-plan items for this term yet (school.yaml's term_plan).",
    },
    "term.title": {
        "zh": "🗓 {term} 后勤规划（{count}项）",
        "en": "🗓 {term}: the plan ({count} items)",
    },
    "term.done": {"zh": "✅ {title}（{owner}）", "en": "✅ {title} ({owner})"},
    "term.due": {"zh": "⏳ {title} · {due} 前 · {owner}", "en": "⏳ {title} · by {due} · {owner}"},
    "term.late": {
        "zh": "⚠️ {title} · {due} 已过 · {owner}",
        "en": "⚠️ {title} · was due {due} · {owner}",
    },
    "term.planned": {"zh": "▫️ {title} · {due} · {owner}", "en": "▫️ {title} · {due} · {owner}"},
    "term.marked": {"zh": "✅ 已完成：{title}", "en": "✅ Done: {title}"},
    "term_item_done_already": {"zh": "“{title}”已经完成了。", "en": "“{title}” is done already."},
    "only_owner": {
        "zh": "只有负责人（{owner}）或主任可以标记完成。",
        "en": "Only its owner ({owner}) or the head can mark it done.",
    },
    "remind.term_start": {
        "zh": "🗓 {term}开始了。后勤规划里你负责：{title}（{due} 前）。",
        "en": "🗓 {term} has begun. In the term plan you carry: {title} (by {due}).",
    },
    "remind.term_start_head": {
        "zh": "🗓 {term}开始了。后勤规划：{title}（{owner}负责，{due} 前）。",
        "en": "🗓 {term} has begun. In the term plan: {title} ({owner}, by {due}).",
    },
    "remind.term_due_head": {
        "zh": "🗓 后勤规划“{title}”（{owner}负责）{due} 到期，还没有标记完成。",
        "en": "🗓 The term-plan item “{title}” ({owner}) is due {due} and not marked done.",
    },
    "remind.term_due": {
        "zh": "🗓 后勤规划“{title}”{due} 到期，还没有标记完成。完成后请在 /plan 里点 ✅。",
        "en": "🗓 The term-plan item “{title}” is due {due} and not marked done. Press ✅ in /plan when it is.",
    },
    "remind.calendar_unknown": {
        "zh": "📅 {year} 年的法定节假日和调休还没有公布（或还没有更新）。在那之前，机器人只按学校自己的日期：请用 /holiday 和 /workday 录入，或升级 chinesecalendar。",
        "en": "📅 China's {year} public holidays and make-up days are not known yet. Until then only the school's own dates apply: add them with /holiday and /workday, or upgrade chinesecalendar.",
    },
    "stats.damage": {"zh": "⚖️ 公物损坏（按原因）", "en": "⚖️ Damage (by cause)"},
    "stats.damage_cause": {
        "zh": "{cause}：{count} 次，确认赔偿 {amount} 元",
        "en": "{cause}: {count}, {amount} yuan confirmed",
    },
    "stats.damage_places": {"zh": "损坏最多的地方：{places}", "en": "Most damage at: {places}"},
    "stats.plans": {
        "zh": "\n📋 计划任务（按任务日期）",
        "en": "\n📋 Planned work (by the tasks' days)",
    },
    "stats.plan_line": {
        "zh": "{name}：应做 {due} · 按时 {on_time} · 超时 {late} · 跳过 {skipped} · 未完成 {open}",
        "en": "{name}: due {due} · on time {on_time} · late {late} · skipped {skipped} · open {open}",
    },
    "stats.plan_faults": {
        "zh": "  ❌ 发现问题 {faults} 处 → 报修 {repairs} 张，已修 {repaired} 张，修复用时中位 {hours}",
        "en": "  ❌ {faults} faults found → {repairs} repairs, {repaired} fixed, median {hours} to fix",
    },
    "stats.fault_rooms": {
        "zh": "巡检问题最多的地方：{rooms}",
        "en": "Most faults found in: {rooms}",
    },
    "export.sheet_planned": {"zh": "计划任务", "en": "Planned work"},
    "export.sheet_meetings": {"zh": "会务接待", "en": "Meetings and visits"},
    "export.sheet_damage": {"zh": "公物损坏", "en": "Damage"},
    "export.col.cause": {"zh": "原因", "en": "Cause"},
    "export.col.class": {"zh": "班级/个人", "en": "Class or person"},
    "export.col.item": {"zh": "物品", "en": "Item"},
    "export.col.proposed": {"zh": "按制度（元）", "en": "By the rule (yuan)"},
    "export.col.amount": {"zh": "确认（元）", "en": "Confirmed (yuan)"},
    "export.col.settlement": {"zh": "处理", "en": "Settlement"},
    "export.col.reason": {"zh": "理由", "en": "Reason"},
    "export.kind.meeting": {"zh": "会议", "en": "meeting"},
    "export.kind.visit": {"zh": "接待", "en": "visit"},
    "export.col.meeting": {"zh": "编号", "en": "No."},
    "export.col.kind": {"zh": "类型", "en": "Kind"},
    "export.col.title": {"zh": "名称", "en": "Title"},
    "export.col.time": {"zh": "时间", "en": "Time"},
    "export.col.people": {"zh": "人数", "en": "People"},
    "export.col.organiser": {"zh": "申请人", "en": "Organiser"},
    "export.col.tasks": {"zh": "任务", "en": "Tasks"},
    "export.col.late": {"zh": "超时", "en": "Late"},
    "export.col.cost": {"zh": "费用（元）", "en": "Cost (yuan)"},
    "export.col.plan": {"zh": "计划", "en": "Plan"},
    "export.col.day": {"zh": "日期", "en": "Day"},
    "export.col.faults": {"zh": "发现问题", "en": "Faults"},
    "export.col.repairs": {"zh": "报修单", "en": "Repairs"},
    "walk.title": {"zh": "🔎 巡检 #{id} · {title}", "en": "🔎 Inspection #{id} · {title}"},
    "walk.room": {"zh": "📍 {room}", "en": "📍 {room}"},
    "walk.item": {"zh": "第 {n}/{of} 项：{item}", "en": "Point {n}/{of}: {item}"},
    "walk.ask_number": {"zh": "请输入读数（{rule}）。", "en": "Type the reading ({rule})."},
    "walk.ask_photo": {"zh": "请拍一张照片发来。", "en": "Send a photo, please."},
    "walk.range": {"zh": "正常 {low}–{high}{unit}", "en": "normal {low}–{high}{unit}"},
    "walk.at_least": {"zh": "至少 {low}{unit}", "en": "at least {low}{unit}"},
    "walk.at_most": {"zh": "至多 {high}{unit}", "en": "at most {high}{unit}"},
    "walk.progress": {
        "zh": "进度 {done}/{total} · ❌ {faults}",
        "en": "Progress {done}/{total} · ❌ {faults}",
    },
    "walk.all_checked": {"zh": "全部检查完了。", "en": "Every point is checked."},
    "walk.ask_fault": {
        "zh": "❌ {room} {item}：什么问题？用一句话说明（会自动开一张报修单）。",
        "en": "❌ {room} {item}: what is wrong? One line (a repair ticket is opened for it).",
    },
    "walk.not_a_number": {
        "zh": "请只输入数字（{rule}），例如 1.0。",
        "en": "Type just the number ({rule}), e.g. 1.0.",
    },
    "walk.already": {"zh": "“{item}”已经记录过了。", "en": "“{item}” was recorded already."},
    "walk.repair_opened": {"zh": "🔧 已开报修单 #{id}", "en": "🔧 Repair ticket #{id} opened"},
    "walk.finished": {
        "zh": "✅ 巡检 #{id} 完成：{note}",
        "en": "✅ Inspection #{id} finished: {note}",
    },
    "not_an_inspection": {"zh": "#{id} 没有检查清单。", "en": "#{id} has no checklist."},
    "inspection_not_started": {
        "zh": "#{id} 现在不能巡检（先接单；已完成的不能再改）。",
        "en": "#{id} cannot be checked now (claim it first; a finished one stays as it is).",
    },
    "inspection_unfinished": {
        "zh": "#{id} 还有没检查的项目：点 🔎 继续巡检，全部检查完会自动完成。",
        "en": "#{id} has points left: press 🔎 to go on; it finishes by itself when all are checked.",
    },
    "forbidden_inspect": {
        "zh": "#{id} 由 {assignee} 负责巡检。",
        "en": "#{id} is {assignee}'s inspection.",
    },
    "number_needed": {"zh": "“{item}”需要一个读数。", "en": "“{item}” needs a reading."},
    "photo_needed": {"zh": "“{item}”需要一张照片。", "en": "“{item}” needs a photo."},
    "fault_needs_note": {
        "zh": "“{item}”有问题：请用一句话说明。",
        "en": "“{item}” is faulty: say what is wrong in a line.",
    },
    "checked_already": {"zh": "“{item}”已经记录过了。", "en": "“{item}” was recorded already."},
}


def t(lang: Lang, key: str, **params: Any) -> str:
    """Return the catalogue text `key` in `lang`, filled with `params`."""
    return TEXTS[key][lang].format(**params)


def pick_language(language_code: str | None, default: Lang) -> Lang:
    """Choose zh or en from a Telegram client's language code, else the configured default."""
    if language_code:
        code = language_code.lower()
        if code.startswith("zh"):
            return "zh"
        if code.startswith("en"):
            return "en"
    return default


def tickets(lang: Lang, count: int) -> str:
    """Return a number of tickets as the language says it: 3 张报修单, 1 ticket, 3 tickets."""
    if lang == "zh":
        return f"{count} 张报修单"
    return "1 ticket" if count == 1 else f"{count} tickets"


def stars(rating: int) -> str:
    """Return a rating as stars, e.g. ★★★★☆."""
    return "★" * rating + "☆" * (5 - rating)
