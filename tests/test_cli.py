"""The command line: build is the default, options are explained, exit codes mean what they say."""

from conftest import TEMPLATES, run_build, snapshot


def test_build_is_the_default_command(basic_site, tmp_path):
    out_default, out_build = tmp_path / "a", tmp_path / "b"
    common = ["--content", str(basic_site), "--today", "2012-11-01"]
    first = run_build(*common, "--output", str(out_default))
    second = run_build("build", *common, "--output", str(out_build))
    assert first.code == second.code == 0, first.err + second.err
    assert snapshot(out_default) == snapshot(out_build)


def test_help_explains_every_option():
    result = run_build("--help")
    assert result.code == 0
    for option in ("--content", "--templates", "--output", "--base-url", "--today"):
        assert option in result.out
    assert "SOURCE_DATE_EPOCH" in result.out


def test_unknown_option_is_a_usage_error():
    result = run_build("--colour=blue")
    assert result.code == 2
    assert "unrecognized arguments: --colour=blue" in result.err


def test_impossible_today_is_a_usage_error(basic_site, tmp_path):
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "s"), "--today", "2012-02-30")
    assert result.code == 2
    assert "--today must be a real date as YYYY-MM-DD" in result.err
    assert not (tmp_path / "s").exists()


def test_bad_base_url_is_a_usage_error(basic_site, tmp_path):
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "s"), "--base-url", "example.org")
    assert result.code == 2
    assert "base URL must look like https://example.org/" in result.err


def test_source_date_epoch_sets_the_build_date(basic_site, tmp_path):
    import os

    env = dict(os.environ, SOURCE_DATE_EPOCH="1357038000")  # 2013-01-01 12:00 in Rome
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "s"), env=env)
    assert result.code == 0, result.err
    assert "build date 2013-01-01" in result.out
    home = (tmp_path / "s" / "it" / "index.html").read_text()
    assert "Le adesioni si sono chiuse il 31 dicembre 2012." in home


def test_content_error_exits_1_and_names_file_and_line(basic_site, tmp_path):
    (basic_site / "project.yml").write_text((basic_site / "project.yml").read_text().replace("joined: 3", "joined: tre"))
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "s"), "--today", "2012-11-01")
    assert result.code == 1
    assert "project.yml:12: in 'membership': 'joined' must be a whole number, got \"tre\"" in result.err
    assert "Traceback" not in result.err


def test_missing_templates_folder_is_reported(basic_site, tmp_path):
    result = run_build("--content", str(basic_site), "--templates", str(tmp_path / "nowhere"),
                       "--output", str(tmp_path / "s"), "--today", "2012-11-01")
    assert result.code == 1
    assert "nowhere: the templates folder does not exist" in result.err


def test_output_that_contains_the_sources_is_refused(basic_site, tmp_path):
    result = run_build("--content", str(basic_site), "--templates", str(TEMPLATES), "--output", str(tmp_path),
                       "--today", "2012-11-01")
    assert result.code == 1
    assert "the output folder contains the sources" in result.err
    assert basic_site.is_dir()


def test_jobs_must_be_positive(basic_site, tmp_path):
    result = run_build("--content", str(basic_site), "--output", str(tmp_path / "s"), "--jobs", "0")
    assert result.code == 2
    assert "--jobs must be 1 or more, got 0" in result.err


def test_any_number_of_jobs_gives_the_same_site(tmp_path):
    from conftest import FIXTURES

    outputs = []
    for jobs in ("1", "2"):
        output = tmp_path / f"site-{jobs}"
        result = run_build("--content", str(FIXTURES / "basic" / "content"), "--output", str(output),
                           "--today", "2012-11-01", "--no-cache", "--jobs", jobs)
        assert result.code == 0, result.err
        outputs.append(snapshot(output))
    assert outputs[0] == outputs[1]
