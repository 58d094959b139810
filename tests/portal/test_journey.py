"""The whole journey by clicking, in Uzbek Latin (at a desktop's width) and in Russian (on a phone):
a new draft goes from creation through expert review, public discussion, answers and approval to its
official PDF, as the demo users and a citizen who signs up.

Each person's browser is given one address, the home page; the only other address anyone opens is the
confirmation link of the sign-up e-mail, which the citizen clicks in their mailbox. Everything else is
clicking links and buttons and typing into forms: a step that needs a typed address fails the test.
The test's clock moves past the deadline, and the closing job runs as the system would run it.

Controls are found by what does not change with the language (a link's address, a form's action, a
field's name); the header's links by their accessible name in the page's language, read from the same
catalogue the server translates with. Every page on the way gets an axe-core check and a screenshot.
"""

import itertools
import re
import time

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from drafts.models import Draft
from kernel.states import State
from tests.portal.chromium import needs_chromium
from tests.portal.test_browser import (
    DESKTOP,
    PHONE,
    accessibility_problems,
    choose_language,
    fill_login_form,
    log_in,
    new_context,
    overflow,
    shot,
    state_name,
    words,
)
from workflow.tasks import close_expired_discussions_job

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]

STORY = {
    "uz": {
        "width": DESKTOP,
        "draft_language": "uz-latn",
        "title": "Obodonlashtirish ishlari to‘g‘risida",
        "body": "1. Mahallalarda obodonlashtirish ishlari o‘tkazilsin.\n"
        "2. Ishlar 2027-yil 1-iyunga qadar yakunlansin.\n",
        "conclusion": "Loyiha qonunchilikka muvofiq; 2-bandni aniqlashtirish tavsiya etiladi.",
        "comment": "Bolalar maydonchalarini ham qo‘shish taklif etiladi.",
        "answer": "Taklif inobatga olindi: maydonchalar 1-bandga qo‘shildi.",
        "citizen": ("nodir", "Nodir Qodirov", "nodir@example.uz"),
    },
    "ru": {
        "width": PHONE,
        "draft_language": "ru",
        "title": "О благоустройстве махаллей",
        "body": "1. Провести работы по благоустройству махаллей.\n2. Завершить работы до 1 июня 2027 года.\n",
        "conclusion": "Проект соответствует законодательству; пункт 2 рекомендуется уточнить.",
        "comment": "Предлагаю добавить детские площадки.",
        "answer": "Предложение учтено: площадки добавлены в пункт 1.",
        "citizen": ("olga", "Ольга Ким", "olga@example.uz"),
    },
}
CITIZEN_PASSWORD = "Mahalla-2026-kuchli"


class Visitor:
    """One person's browser: given the home page's address once, then only clicks and types.

    `page.goto` is replaced after the first visit by a guard that fails the test, so any step that
    would need a typed address is caught; the one exception is the sign-up e-mail's link, which the
    person follows from their mailbox (`follow_mail_link`)."""

    def __init__(self, browser, live_server, language: str, width: int, name: str, steps):
        self.language, self.name, self.width, self.steps = language, name, width, steps
        self.context = new_context(browser, language, width)
        self.page = self.context.new_page()
        self.typed_addresses = [f"{live_server.url}/"]
        self._goto = self.page.goto
        self._goto(self.typed_addresses[0])
        self.page.goto = self._refuse_typed_address
        self.problems: list = []
        choose_language(self.page, language)
        self.look("home")

    def _refuse_typed_address(self, url, **_options):
        self.typed_addresses.append(url)
        pytest.fail(f"{self.name} would have to type the address {url}: that step is not reachable by clicking")

    def follow_mail_link(self, url: str) -> None:
        self.typed_addresses.append(url)
        self._goto(url)

    def look(self, what: str) -> None:
        """The page is in the chosen language, fits the screen, passes axe; a screenshot is kept."""
        page = self.page
        page.wait_for_load_state()
        name = f"{self.language}-{next(self.steps):02d}-{self.name}-{what}"
        assert page.locator("html").get_attribute("lang") == self.language, (name, page.url)
        if self.width == PHONE and (extra := overflow(page)) > 0:
            self.problems.append((name, "overflow", f"{extra} px wider than a {PHONE} px screen", page.url))
        self.problems += accessibility_problems(page, name)
        shot(page, name, folder="journey")

    def t(self, message: str) -> str:
        return words(self.language, message)

    def click(self, locator, what: str) -> None:
        """A click that leads to another page, which is then looked at."""
        with self.page.expect_navigation():
            locator.click()
        self.look(what)

    def header_link(self, message: str):
        return self.page.locator("header").get_by_role("link", name=self.t(message), exact=True)

    def log_in(self, username: str, password: str) -> None:
        log_in(self.page, username, password)
        self.look("after-login")

    def open_from_my_work(self, draft_id: int) -> None:
        """My work lists the draft where it waits for this person; the title leads to it."""
        self.click(self.header_link("My work"), "my-work")
        self.click(self.page.locator(f"main a[href='/drafts/{draft_id}/']").first, "draft")

    def submit(self, form_action: str, what: str, **button) -> None:
        """Presses the submit button of the form posting to that address (the one with that name and value)."""
        selector = f"form[action='{form_action}'] button[type=submit]"
        selector += "".join(f"[{key}={value}]" for key, value in button.items())
        self.click(self.page.locator(selector), what)

    def status_is(self, state) -> None:
        assert self.page.locator("main .badge").first.inner_text().strip() == state_name(self.language, state)

    def says(self, message: str) -> None:
        """The page's confirmation, as the server words it in this language."""
        expected = self.t(message)
        assert expected in self.page.locator("main .messages").inner_text(), self.page.locator("main").inner_text()


def journey(browser, live_server, world, language: str):
    story = STORY[language]
    width = story["width"]
    people = []
    steps = itertools.count(1)  # numbers the screenshots in the story's order

    def visitor(name):
        person = Visitor(browser, live_server, language, width, name, steps)
        people.append(person)
        return person

    # The drafter logs in, lands on My work, writes a new draft and saves it.
    drafter = visitor("drafter")
    drafter.log_in("drafter", "demo")
    assert drafter.page.url.endswith("/work/")
    drafter.click(drafter.page.locator("main a[href='/work/drafts/new/']"), "new-draft")
    form = drafter.page.locator("main form:has(textarea[name=body])")
    form.locator("[name=title]").fill(story["title"])
    form.locator("[name=act_type]").select_option(str(world.act_types["qaror"].pk))
    form.locator("[name=issuing_body]").select_option(str(world.issuing_body.pk))
    form.locator("[name=language]").select_option(story["draft_language"])
    form.locator("[name=body]").fill(story["body"])
    drafter.click(form.locator("button[type=submit][name=preview]"), "new-draft-structure")
    drafter.click(form.locator("button[type=submit]:not([name])"), "draft-saved")
    draft_id = int(re.search(r"/drafts/(\d+)/", drafter.page.url).group(1))
    drafter.status_is(State.DRAFT)

    # On the draft's page: "Send for review" is shown but not possible until a group is assigned.
    assert drafter.page.locator("main .action.unavailable button[disabled]").count() >= 1
    drafter.page.locator(f"form[action='/drafts/{draft_id}/expert-groups/'] select[name=group]").select_option(
        str(world.expert_groups["legal"].pk)
    )
    drafter.submit(f"/drafts/{draft_id}/expert-groups/", "group-assigned")
    drafter.submit(f"/drafts/{draft_id}/transitions/submit_for_review/", "sent-for-review")
    drafter.status_is(State.EXPERT_REVIEW)

    # The expert finds it under "Reviews to give" and submits the group's conclusion.
    expert = visitor("expert")
    expert.log_in("expert", "demo")
    expert.click(expert.page.locator(f"main a[href='/drafts/{draft_id}/']"), "draft")
    conclusion = expert.page.locator(f"form[action='/drafts/{draft_id}/conclusion/']")
    conclusion.locator("[name=verdict]").select_option("positive_with_remarks")
    conclusion.locator("[name=text]").fill(story["conclusion"])
    expert.submit(f"/drafts/{draft_id}/conclusion/", "concluded")
    expert.says("The conclusion was submitted.")
    assert expert.page.locator(f"form[action='/drafts/{draft_id}/conclusion/']").count() == 0

    # The drafter opens the public discussion until the earliest day the form offers.
    drafter.open_from_my_work(draft_id)
    deadline_field = drafter.page.locator(
        f"form[action='/drafts/{draft_id}/transitions/open_discussion/'] input[name=discussion_ends_at]"
    )
    earliest = deadline_field.get_attribute("min")
    assert earliest, "the deadline field offers no earliest date"
    deadline_field.fill(earliest)
    drafter.submit(f"/drafts/{draft_id}/transitions/open_discussion/", "discussion-opened")
    drafter.status_is(State.PUBLIC_DISCUSSION)

    # A citizen signs up, confirms the address from the e-mail, logs in and lands on the discussions.
    citizen = visitor("citizen")
    username, full_name, email = story["citizen"]
    citizen.click(citizen.header_link("Sign up"), "signup")
    signup = citizen.page.locator("main form:has(input[name=full_name])")
    signup.locator("[name=username]").fill(username)
    signup.locator("[name=full_name]").fill(full_name)
    signup.locator("[name=email]").fill(email)
    signup.locator("[name=password]").fill(CITIZEN_PASSWORD)
    assert signup.locator("[name=language]").input_value() == language
    citizen.click(signup.locator("button[type=submit]"), "signup-sent")
    letter = next(m for m in reversed(mail.outbox) if email in m.to)
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", letter.body).group(0)
    citizen.follow_mail_link(link)
    citizen.look("confirmed")
    assert citizen.page.url.endswith("/accounts/login/")
    fill_login_form(citizen.page, username, CITIZEN_PASSWORD)
    citizen.look("after-login")
    assert citizen.page.url == f"{live_server.url}/", "a citizen lands on the discussions"
    citizen.click(citizen.page.locator(f"main a[href='/drafts/{draft_id}/']").first, "draft")

    # "Comment on this article" on point 1 opens a form right there.
    point = citizen.page.locator("#p-1")
    point.get_by_text(citizen.t("Comment on this article"), exact=True).click()
    point.locator("textarea[name=text]").fill(story["comment"])
    citizen.click(point.locator("button[type=submit]"), "commented")
    citizen.says("Your comment was sent; it will appear once a moderator publishes it.")
    comment_id = int(re.search(r"#comment-(\d+)", citizen.page.url).group(1))

    # The moderator finds it on My work, ticks it in the queue and publishes it.
    moderator = visitor("moderator")
    moderator.log_in("moderator", "demo")
    moderator.click(moderator.page.locator(f"main a[href='/work/moderation/#comment-{comment_id}']"), "moderation")
    moderator.page.locator(f"#comment-{comment_id} input[name=ids]").check()
    moderator.submit("/work/moderation/decisions/", "published", name="decision", value="publish")
    assert moderator.page.locator(f"#comment-{comment_id}").count() == 0

    # The clock passes the deadline; the closing job runs, as the system runs it.
    deadline = Draft.objects.get(pk=draft_id).discussion_ends_at
    with time_machine.travel(time.time() + (deadline - timezone.now()).total_seconds() + 60, tick=True):
        assert draft_id in close_expired_discussions_job.call()

        # The drafter answers the proposal under "Comments to answer" and sends the draft for approval.
        drafter.open_from_my_work(draft_id)
        drafter.status_is(State.FINALIZATION)
        answer = drafter.page.locator(f"#comment-{comment_id}")
        answer.locator("summary").click()
        answer.locator("[name=decision]").select_option("accepted")
        answer.locator("[name=text]").fill(story["answer"])
        drafter.submit(f"/comments/{comment_id}/response/", "answered")
        drafter.says("The answer was saved.")
        drafter.submit(f"/drafts/{draft_id}/transitions/submit_for_approval/", "sent-for-approval")
        drafter.status_is(State.APPROVAL)

        # The approver finds it under "Acts to approve" and approves it with a number and a date.
        approver = visitor("approver")
        approver.log_in("approver", "demo")
        approver.click(approver.page.locator(f"main a[href='/drafts/{draft_id}/']"), "draft")
        approve = approver.page.locator(f"form[action='/drafts/{draft_id}/transitions/approve/']")
        approve.locator("[name=number]").fill("501")
        approve.locator("[name=approved_on]").fill(timezone.localdate().isoformat())
        approver.submit(f"/drafts/{draft_id}/transitions/approve/", "approved")
        approver.status_is(State.APPROVED)

        # Anyone finds the act among the recently approved ones and downloads its official PDF.
        reader = visitor("reader")
        reader.click(reader.page.locator(f"main a[href='/drafts/{draft_id}/']").first, "act")
        pdf_address = f"/api/v1/drafts/{draft_id}/pdf/"
        received = {}

        def keep(route):
            # Chromium shows a PDF in its viewer; the bytes are read as they arrive, then passed on.
            response = route.fetch()
            received.update(status=response.status, type=response.headers["content-type"], body=response.body())
            route.fulfill(response=response)

        reader.page.route(f"**{pdf_address}", keep)
        with reader.page.expect_response(lambda response: response.url.endswith(pdf_address)):
            reader.page.locator(f"main a[href='{pdf_address}']").click()
        assert received["status"] == 200 and received["type"] == "application/pdf"
        assert received["body"].startswith(b"%PDF-")

    for person in people:
        assert person.typed_addresses[0] == f"{live_server.url}/"
        assert len(person.typed_addresses) == (2 if person is citizen else 1), person.typed_addresses
        person.context.close()
    problems = [problem for person in people for problem in person.problems]
    assert problems == [], "\n".join(map(str, problems))


def test_a_step_that_needs_a_typed_address_fails_the_journey(browser, live_server):
    person = Visitor(browser, live_server, "en", DESKTOP, "guard", itertools.count(1))
    with pytest.raises(pytest.fail.Exception, match="not reachable by clicking"):
        person.page.goto(f"{live_server.url}/work/")
    assert person.page.url == f"{live_server.url}/"
    person.context.close()


@pytest.mark.parametrize("language", list(STORY))
def test_the_whole_journey_by_clicking(browser, live_server, world_live, language):
    journey(browser, live_server, world_live, language)
