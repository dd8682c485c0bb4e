"""The bell in the header: the unread count (one indexed COUNT per page), the notices page, marking read."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pagetext import page_text
from tests.world import PASSWORD
from yidang.notifications.actions import notify
from yidang.notifications.models import Notification
from yidang.notifications.queries import unread_count


def signed_in(client, username="assistant"):
    assert client.login(username=username, password=PASSWORD)
    return client


def badge(body: str) -> str:
    start = body.index('id="bell-count"')
    tag_end = body.index(">", start)
    return ("hidden " if "hidden" in body[start:tag_end] else "") + body[tag_end + 1 : body.index("</span>", tag_end)]


def test_the_header_shows_the_unread_count(client, world):
    signed_in(client)
    assert badge(page_text(client.get("/"))) == "hidden 0"
    notify(users=[world.assistant], key="a", text="工单 BX1 到场时限将于 10:20 到期", url="/service/1/")
    notify(users=[world.assistant], key="b", text="工单 BX2 已超时")
    notify(users=[world.supervisor], key="c", text="别人的")
    assert badge(page_text(client.get("/"))) == "2"


def test_a_page_counts_the_unread_once(client, world):
    notify(users=[world.assistant], key="a", text="一")
    signed_in(client).get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/service/")
    counts = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0].upper()


def test_the_badge_shows_99_plus_beyond_99(client, world):
    for n in range(120):
        notify(users=[world.assistant], key=f"k{n}", text="x", email=False)
    assert badge(page_text(signed_in(client).get("/"))) == "99+"


def test_the_page_lists_only_the_users_own_notices(client, world):
    notify(users=[world.assistant], key="a", text="回访不满意：态度差")
    notify(users=[world.supervisor], key="b", text="主管的通知")
    body = page_text(signed_in(client).get("/notifications/"))
    assert "回访不满意：态度差" in body and "主管的通知" not in body


def test_marking_one_read_lowers_the_count_and_htmx_gets_the_row_and_the_badge(client, world):
    notify(users=[world.assistant], key="a", text="一")
    notify(users=[world.assistant], key="b", text="二")
    first = Notification.objects.get(key="a")
    response = signed_in(client).post(f"/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'hx-swap-oob="true"' in page_text(response)
    assert unread_count(world.assistant) == 1


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, world):
    notify(users=[world.assistant], key="a", text="一", url="/service/7/")
    notice = Notification.objects.get()
    response = signed_in(client).post(f"/notifications/{notice.pk}/read/", {"go": "1"})
    assert response.status_code == 302 and response["Location"] == "/service/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_never_sends_the_user_off_site(client, world):
    notify(users=[world.assistant], key="a", text="一", url="https://evil.example/")
    notice = Notification.objects.get()
    response = signed_in(client).post(f"/notifications/{notice.pk}/read/", {"go": "1"})
    assert response["Location"] == "/notifications/"


def test_mark_all_read(client, world):
    for key in "abc":
        notify(users=[world.assistant], key=key, text=key)
    response = signed_in(client).post("/notifications/read-all/")
    assert response.status_code == 302 and unread_count(world.assistant) == 0


def test_someone_elses_notice_is_404_and_stays_unread(client, world):
    notify(users=[world.supervisor], key="a", text="主管的通知")
    notice = Notification.objects.get()
    assert signed_in(client).post(f"/notifications/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_older_notices_are_one_click_away(client, world):
    for n in range(55):
        notify(users=[world.assistant], key=f"k{n}", text=f"通知{n:02d}", email=False)
    signed_in(client)
    first = client.get("/notifications/")
    assert len(first.context["notifications"]) == 50 and first.context["next_before"]
    older = client.get(f"/notifications/?before={first.context['next_before']}")
    assert [n.text for n in older.context["notifications"]] == [f"通知{n:02d}" for n in range(4, -1, -1)]


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    assert client.get("/notifications/")["Location"].startswith("/login/")
