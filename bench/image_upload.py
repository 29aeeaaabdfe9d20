"""
Time the image form: an admin POST of a photo of nearly 10 MB (24 megapixels),
with the task backend that makes the renditions at once, after the commit
("immediate", the default) and with the queue in the database ("database"),
where the worker (`manage.py db_worker`) makes them after the answer.

    .venv/bin/python bench/image_upload.py [--uploads 3]

Uses a throw-away SQLite database and media folder. Prints a Markdown table:
median milliseconds per POST (wall clock, and the CPU time of this process, which
other work on the machine does not inflate), whether the renditions existed when it
answered, and the worker's milliseconds per image.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def photo(limit):
    """A 6000 x 4000 JPEG as busy as a photo, of just under `limit` bytes."""
    from PIL import Image, ImageFilter

    size = (6000, 4000)
    # Grain over smooth gradients: about as hard to compress as a real photo.
    channels = [
        Image.linear_gradient("L").resize(size).rotate(angle, expand=False)
        for angle in (0, 90, 180)
    ]
    noise = Image.effect_noise(size, 48).filter(ImageFilter.GaussianBlur(0.6))
    image = Image.merge("RGB", [Image.blend(channel, noise, 0.5) for channel in channels])
    for quality in range(98, 60, -2):
        output = io.BytesIO()
        image.save(output, "JPEG", quality=quality)
        if output.tell() <= limit:
            return output.getvalue()
    raise SystemExit("could not make a photo under the limit")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    os.environ.update(
        DJANGO_SETTINGS_MODULE="lumcglobal.settings",
        DJANGO_SECRET_KEY="bench-" + "x" * 60,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_EMAIL_BACKEND="console",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from editorial.images import MAX_BYTES
    from editorial.models import Image

    call_command("migrate", verbosity=0)
    content = photo(MAX_BYTES - 200_000)
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "bench@example.org", "-"))

    rows = []
    for name, backend in BACKENDS.items():
        posts, cpu, made_in_request, work = [], [], [], []
        with override_settings(TASKS={"default": {"BACKEND": backend}}):
            for number in range(args.uploads):
                data = {
                    "file": SimpleUploadedFile(f"photo-{number}.jpg", content, "image/jpeg"),
                    "alt_text": "A busy photo",
                    "focal_x": "50",
                    "focal_y": "50",
                    "credit": "",
                }
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.post(reverse("admin:editorial_image_add"), data)
                posts.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 302, response.status_code
                image = Image.objects.latest("pk")
                made_in_request.append(bool(image.renditions))
                if name == "database":
                    start = time.perf_counter()
                    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
                    work.append((time.perf_counter() - start) * 1000)
                    image.refresh_from_db()
                    assert image.renditions, "the worker made them"
        rows.append(
            (
                name,
                statistics.median(posts),
                statistics.median(cpu),
                "yes" if all(made_in_request) else "no" if not any(made_in_request) else "some",
                f"{statistics.median(work):.0f}" if work else "(in the POST)",
            )
        )

    print(f"Photo: 6000 x 4000 JPEG, {len(content) / 1024 / 1024:.1f} MB; {args.uploads} uploads")
    print()
    print(
        "| task backend | POST, median ms | CPU, median ms | renditions made when it answers"
        " | worker, ms |"
    )
    print("|---|---:|---:|---|---:|")
    for name, post, post_cpu, made, worker in rows:
        print(f"| {name} | {post:.0f} | {post_cpu:.0f} | {made} | {worker} |")


if __name__ == "__main__":
    main()
