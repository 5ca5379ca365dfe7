"""The page in a real browser, as a clerk uses it: open the address with the token, upload the
sample workbook, start a build, watch the progress finish, download a card. Drives Debian's
Chromium through Playwright (nothing is downloaded); screenshots of every page go to
$ZONEDOCS_SCREENSHOTS when it is set, to be looked at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import docx_text
from tests.serve_process import Served
from zonedocs.samples.company import write_sample

CHROMIUM = os.environ.get("ZONEDOCS_CHROMIUM", "/usr/bin/chromium")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                       reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
    pytest.mark.skipif(sys.platform == "win32", reason="the server is stopped with SIGINT"),
]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ZONEDOCS_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_clerk_uploads_builds_and_downloads_a_card(tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "桌面")
    workspace = tmp_path / "党建2026"
    subprocess.run([sys.executable, "-m", "zonedocs", "init", str(workspace)], check=True,
                   capture_output=True)
    shots = _shots(tmp_path)
    with Served(workspace) as served, playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                accept_downloads=True)
        page.goto(served.url)
        assert page.url == served.base + "/"  # the token left the address bar for a cookie
        assert "有 " in page.inner_text("#result") and "错误" in page.inner_text("#result")  # blank workbook
        page.screenshot(path=shots / "1-主台账-空白.png", full_page=True)

        page.set_input_files("#upload input[type=file]", sample)
        page.click("#upload button")
        page.wait_for_selector("#upload .status:has-text('已上传')", timeout=60_000)
        assert "检查通过" in page.inner_text("#upload .status")
        assert "44 名在册党员" in page.inner_text("#result")
        page.select_option("#level", "warning")  # the photo was not uploaded, the score is missing
        assert "显示 2 / 2 条" in page.inner_text("#shown")
        page.fill("#find", "照片")
        assert "显示 1 / 2 条" in page.inner_text("#shown")
        assert "找不到这个图片文件" in page.inner_text("#problems tbody tr:not([hidden])")
        page.screenshot(path=shots / "2-主台账-已上传.png", full_page=True)

        page.click("nav >> text=生成")
        page.click("#build button[type=submit]")
        page.wait_for_selector("#progress:not([hidden])")
        page.wait_for_selector("text=生成完成", timeout=240_000)
        assert page.inner_text("#count").startswith("158 / 158")
        assert "写入 158 个" in page.inner_text("#outcome")
        page.screenshot(path=shots / "3-生成-完成.png", full_page=True)

        page.click("text=查看文书")
        branch = page.locator("section.branch", has_text="B01-第一运营分公司党支部")
        branch.locator("summary", has_text="公示卡").click()
        first = branch.locator("details", has_text="公示卡").locator("tr").first
        name = first.locator("td").first.inner_text()
        page.screenshot(path=shots / "4-文书.png", full_page=False)
        with page.expect_download() as download_info:
            first.locator("text=下载").click()
        download = download_info.value
        assert download.suggested_filename == name
        saved = tmp_path / name
        download.save_as(saved)
        member = name.removesuffix(".docx").split("-", 1)[1]
        assert member in docx_text(saved) and "公示卡" in docx_text(saved)

        if shutil.which("soffice") or shutil.which("libreoffice"):
            first.locator("text=预览").click()
            page.wait_for_selector(".pages img")
            page.wait_for_function("document.querySelector('.pages img').naturalWidth > 0", timeout=120_000)
            page.screenshot(path=shots / "5-预览.png", full_page=False)
        page.goto(served.base + "/changes")
        assert "上传前的主台账" in page.inner_text("main")
        page.screenshot(path=shots / "6-变动.png", full_page=True)
        page.goto(served.base + "/templates")
        page.screenshot(path=shots / "7-模板.png", full_page=True)
        browser.close()
        code, _, err = served.stop()
    assert code == 0 and "Traceback" not in err, err
