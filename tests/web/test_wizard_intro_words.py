"""The screening page's intro and the emergency dialog's button agree with the warning-sign
step (Yes / No / Not sure, each needed): warning-sign questions need an answer, "not sure" is
fine, other questions may be left blank; a mistaken answer is "chosen", not "ticked"."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import csrf

WORDS = {
    "en": (
        "The warning-sign questions each need an answer: yes, no or not sure (not sure is fine). "
        "Other questions may be left blank.",
        "I chose this by mistake: start again",
        "What you answered can be a sign",
    ),
    "zh_Hans": (
        "每个危险信号问题都需要回答：是、否或不确定（回答“不确定”也可以）。其他问题可以留空。",
        "我选错了：重新开始",
        "您的回答可能是",
    ),
}


def test_the_intro_says_warning_signs_need_an_answer(client: TestClient) -> None:
    for lang, (intro, _, _) in WORDS.items():
        page = client.get(f"/screening?lang={lang}").text
        assert intro in page
        assert "leave blank counts as not known" not in page
        assert "留空的问题视为未知" not in page


def test_the_emergency_button_says_chosen_not_ticked(client: TestClient) -> None:
    for lang, (_, button, what) in WORDS.items():
        page = client.get(f"/screening?lang={lang}").text
        emergency = client.post(
            f"/screening?lang={lang}",
            data={
                "csrf_token": csrf(page),
                "answers": "",
                "asked": "",
                "checklist": "1",
                "age": "40",
                "saddle_numbness": "yes",
                "next": "1",
            },
        ).text
        assert button in emergency, emergency[-3000:]
        assert what in emergency
        assert "ticked" not in emergency
        assert "勾" not in emergency
