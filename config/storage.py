"""Where stored files live: the local MEDIA_ROOT, or any S3-compatible store when MEDIA_S3_BUCKET is set.

On S3 (AWS, MinIO, Ceph, a cloud's S3 API) the objects are private and read only through
short-lived signed addresses that files.serving hands out after its permission check. A name in
use is never overwritten, as on a local disk: publishing renders a new official copy under a new
name and deletes the old one after commit, and files.processing deletes a picture before saving
its re-encoded bytes under the same name.
"""

from urllib.parse import urlsplit

from config.env import env_int, env_str

# An object opened for reading (processing, backup) spills to a temporary file past this many bytes;
# django-storages' default (0) would hold a 2 GB video whole in memory.
READ_MEMORY_BYTES = 8 * 1024 * 1024


def s3_media_storage() -> dict | None:
    """The STORAGES["default"] entry for an S3-compatible store from MEDIA_S3_* variables, or None when unset.

    Without MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY boto3 finds credentials itself
    (AWS_* variables, the machine's instance role).
    """
    bucket = env_str("MEDIA_S3_BUCKET", "")
    if not bucket:
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty for AWS itself; the store's address for anything else (http://minio:9000).
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("MEDIA_S3_REGION", "") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY", "") or None,
            # "path" (the bucket in the path) for most self-hosted stores, "virtual" for bucket.host names.
            "addressing_style": env_str("MEDIA_S3_ADDRESSING_STYLE", "") or None,
            # A folder inside the bucket, when the bucket is shared.
            "location": env_str("MEDIA_S3_PREFIX", ""),
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("FILE_SIGNED_URL_SECONDS", 300),
            "file_overwrite": False,
            "max_memory_size": READ_MEMORY_BYTES,
        },
    }


def s3_media_origins() -> list[str]:
    """Where browsers are sent for stored files on S3 (signed addresses), for the pages' img-src and media-src.

    The store's own address when MEDIA_S3_ENDPOINT_URL is set (so it must be one readers reach, not
    a private name), AWS's bucket hosts otherwise; none without MEDIA_S3_BUCKET.
    """
    if not env_str("MEDIA_S3_BUCKET", ""):
        return []
    endpoint = urlsplit(env_str("MEDIA_S3_ENDPOINT_URL", ""))
    if endpoint.netloc:
        return [f"{endpoint.scheme}://{endpoint.netloc}"]
    return ["https://*.amazonaws.com"]
