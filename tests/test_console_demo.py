"""The console and the demo run the real application on the local Telegram."""

from __future__ import annotations

import pytest

from bot.__main__ import main
from bot.cli.console import Console
from bot.config import Settings
from bot.local.school import appoint_workers, local_school


async def test_console_reports_claims_and_moves_the_clock(settings: Settings) -> None:
    out: list[str] = []
    async with local_school(settings) as school:
        await appoint_workers(school)
        console = Console(school, out.append)
        assert console.prompt() == "[11-30 07:30] 李老师 @ 新乡市外国语小学 · 全体教师群 > "
        await console.handle("/report 302教室 灯管不亮")
        assert "🔧 报修单 #1 · 待接单" in out[-1] and "[🙋 接单]" in out[-1]
        await console.handle(":as zhang")
        await console.handle(":press 1")
        assert "💬 toast: 已接单 #1" in out[-1]
        await console.handle(":clock +90m")
        assert console.prompt().startswith("[11-30 09:00] 张师傅")
        await console.handle(":in private")
        await console.handle("/done 1")
        assert "#1 已标记修好，等待报修人确认。" in out[-1]
        await console.handle(":as nobody")
        assert out[-1].startswith("nobody called 'nobody'")
        assert await console.handle(":quit") is False


def test_demo_prints_a_school_day_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "⚠️ alert: #6 已经由 张师傅 接单了。" in out
    assert "#6（教学楼 302）报修人反馈没修好：换了灯管还是一闪一闪的" in out
    assert "赵师傅 says #8 (教学楼 205) is fixed. Please confirm:" in out
    assert "你正在电工值班，请接单。" in out
    # Reports the way people talk: plain words, an album, a QR sticker, a reply in the group.
    assert "Here is what I understood. If it is right, tap “Report it”:" in out
    assert "🖼 3 张照片" in out
    assert "📍 科学楼 音乐教室\n          📝 这里什么坏了？" in out
    assert "#6 讲台上方的灯管不亮（维修中 · 张师傅）\n          是同一个问题吗？" in out
    assert "👥 另有 1 人也报了" in out and "⚠️ alert: 这是别人的报修，只有本人能点。" in out
    assert "✅ 你也报过的 #6（教学楼 302）已由 张师傅 修好。" in out
    assert "💐 陈老师 谢谢你修好了 #7（教学楼 2F男厕）：“刘师傅来得真快，谢谢！”" in out
    assert "🌸 #7（教学楼 2F男厕）获得五星评价 ★★★★★，谢谢你！" in out
    assert "#10 改为“门窗桌椅”，已通知木工。" in out
    assert "🚨 上报：#11（教学楼 205）窗户玻璃碎了，紧急" in out
    assert "🌅 早上好！\n          🛠 你手上有" in out
    assert "👉 ⚡紧急 报修单 #11（教学楼 205）交给你了：窗户玻璃碎了，紧急" in out  # assigned
    assert "📣 已通知：刘师傅、老吴、王主任" in out  # the urgent night leak
    assert "刘师傅 补充了 #7（教学楼 2F男厕）的维修说明（换了新阀芯，不漏了）" in out
    assert "↪️ 报修单 #15（教学楼 302）已转给 刘师傅，你不用再管了。" in out  # the hand-over
    assert "💐 感谢 1" in out and "📎 houqin-stickers.pdf" in out
    assert "the school group shows 11 of its messages for 11 tickets" in out  # one per ticket
    # Planned work: a round walked point by point, a fault that became a repair, the plans,
    # the term plan and a Saturday worked with Friday's roster.
    assert "#1 待接单 · 教学楼、行政楼 · 📋 消防器材检查 · 11-30" in out
    assert "🔧 已开报修单 #5" in out
    assert "✅ 巡检 #1 完成：✅5 ❌1 → #5" in out
    assert "1. 消防器材检查 · 门卫 · 每周一 · 教学楼、行政楼 · 清单3项 · 下次 2026-12-07" in out
    assert "消防器材检查：应做 1 · 按时 1 · 超时 0 · 跳过 0 · 未完成 0" in out
    assert "💼 调休上班：运动会补课，按周五作息和值班" in out
    # A meeting from request to the closing round: each post's task, the organiser's message.
    assert "📨 已提交 M1，等主任批准。" in out and "✅ 已批准 M1 三年级家长会" in out
    assert "📅 会务任务 #18：音响话筒调试 · 三年级家长会" in out
    assert "✅ 会后巡查：关设备、关门窗 · 15:45 · 老吴" in out and "完成 3/7" in out
    # The window's cause: the rule's amount, the head's press, the class teacher alone told.
    assert "按制度应赔 40 元，待主任确认。" in out and "⚖️ 三年级1班 班主任您好：" in out
    # Water: the Monday round read, a month of readings, a weekend leak caught and told.
    assert "📟 已记录：总水表 35120m³" in out
    assert "🚰 放假/休息日用量偏高：可能漏水或忘关，已告诉后勤主任。" in out
    assert (
        "总水表：214m³（上月 0，去年同月 —） · 人均 0.25m³ · 877.4 元 · 工作日 144 / 休息日 70"
        in out
    )
    assert "Traceback" not in out and "✖ " not in out.replace("[✖ ", "")


def test_demo_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "🔧 Ticket #6 · open" in out and "👥 1 more reported it" in out
    assert "Is it the same problem?" in out  # the English teacher's reply in the group
