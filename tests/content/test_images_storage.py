"""Where uploaded images are stored: the local media folder, or S3 through django-storages,
chosen from the environment."""

from tests.config.test_settings import manage

SHOW_STORAGE = (
    "from django.conf import settings; from django.core.files.storage import default_storage;"
    "default_storage._setup(); s = default_storage._wrapped;"
    "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''),"
    " settings.MEDIA_ROOT)"
)


def test_local_media_folder_by_default_configurable(tmp_path):
    result = manage("shell", "-c", SHOW_STORAGE, DEBUG="true", MEDIA_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["FileSystemStorage", str(tmp_path)]


def test_s3_compatible_bucket_from_the_environment():
    result = manage(
        "shell",
        "-c",
        SHOW_STORAGE,
        DEBUG="true",
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="team-images",
        AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[:3] == [
        "S3Storage",
        "team-images",
        "http://minio.internal:9000",
    ]


def test_an_unknown_storage_backend_is_one_clear_line():
    result = manage("check", DEBUG="true", STORAGE_BACKEND="ftp")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "STORAGE_BACKEND" in lines[0]
