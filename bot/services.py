"""The domain services one running bot holds: opened in post_init, closed in post_shutdown."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.domain.damage import Damages
from bot.domain.meetings import Meetings
from bot.domain.meters import Meters
from bot.domain.outbox import Outbox
from bot.domain.pending import PendingInputs
from bot.domain.planned import PlannedWork
from bot.domain.reminders import Reminders
from bot.domain.rules import Rules
from bot.domain.school import School
from bot.domain.sweep import Sweeper
from bot.domain.tickets import Tickets
from bot.domain.users import UserDirectory
from bot.i18n import t
from storage.db import Database


@dataclass
class Services:
    """Everything a handler may use."""

    settings: Settings
    clock: Clock
    db: Database
    users: UserDirectory
    tickets: Tickets
    inputs: PendingInputs
    school: School
    reminders: Reminders
    sweeper: Sweeper
    outbox: Outbox
    planned: PlannedWork
    meetings: Meetings
    rules: Rules
    damages: Damages
    meters: Meters


async def open_services(settings: Settings, clock: Clock) -> Services:
    """Open the database and make every service over it, with the set-up loaded."""
    db = await Database.open(settings.database_path)
    school = School(db)
    users = UserDirectory(db, settings.admin_user_ids)
    outbox = Outbox(db)
    tickets = Tickets(
        db,
        lambda: school.setup,
        settings.tz,
        board=settings.announce_chat_id,
        owed=outbox.ring,
        head_label=t(settings.bot_language, "role.admin"),
    )
    reminders = Reminders(
        db, lambda: school.setup, settings.tz, settings.admin_user_ids, owed=outbox.ring
    )
    planned = PlannedWork(
        db, lambda: school.setup, settings.tz, settings.admin_user_ids, tickets, owed=outbox.ring
    )
    services = Services(
        settings=settings,
        clock=clock,
        db=db,
        users=users,
        tickets=tickets,
        inputs=PendingInputs(db, clock.now),
        school=school,
        reminders=reminders,
        sweeper=Sweeper(
            db=db,
            school=school,
            users=users,
            tickets=tickets,
            reminders=reminders,
            planned=planned,
            clock=clock.now,
            summary_to_chat=settings.workers_chat_id is not None,
        ),
        outbox=outbox,
        planned=planned,
        meetings=Meetings(
            db,
            lambda: school.setup,
            settings.tz,
            settings.admin_user_ids,
            tickets,
            owed=outbox.ring,
        ),
        rules=Rules(db, lambda: school.setup),
        damages=Damages(db, lambda: school.setup),
        meters=Meters(db, lambda: school.setup, settings.tz, tickets),
    )
    await school.load()
    return services
