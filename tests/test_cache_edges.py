"""The prediction cache (lime_teach.cache) on known images: what it stores, what it counts, what it keeps apart."""

import numpy as np
import pytest

import lime_teach as lt


def brightness(images):
    """(N, H, W, 3) -> (N, 2): mean brightness and its complement."""
    mean = np.asarray(images, float).mean(axis=(1, 2, 3)) / 255
    return np.stack([mean, 1 - mean], axis=1)


IMAGES = np.stack([np.full((2, 2, 3), level, np.uint8) for level in (0, 51, 255, 51)])


def test_the_cache_asks_once_per_distinct_image_and_returns_every_row():
    cache, seen = lt.PredictionCache(), []
    classifier = lambda images: seen.append(len(images)) or brightness(images)  # noqa: E731
    got = cache.predict(classifier, IMAGES)
    np.testing.assert_allclose(got, [[0, 1], [0.2, 0.8], [1, 0], [0.2, 0.8]])
    assert seen == [3] and cache.calls == 3 and len(cache) == 3
    again = cache.predict(classifier, IMAGES[::-1])
    np.testing.assert_allclose(again, got[::-1])
    assert seen == [3] and cache.calls == 3


def test_only_unseen_images_reach_the_classifier():
    cache, seen = lt.PredictionCache(), []
    classifier = lambda images: seen.append(np.array(images)) or brightness(images)  # noqa: E731
    cache.predict(classifier, IMAGES[:2])
    cache.predict(classifier, IMAGES)
    assert [len(batch) for batch in seen] == [2, 1]
    np.testing.assert_array_equal(seen[1][0], IMAGES[2])
    assert cache.calls == 3


def test_a_float_image_is_not_its_uint8_twin():
    cache = lt.PredictionCache()
    cache.predict(brightness, IMAGES[:1])
    cache.predict(brightness, IMAGES[:1].astype(float))
    cache.predict(brightness, IMAGES[:1, :1])  # another shape, same bytes per pixel
    assert cache.calls == 3 == len(cache)


def test_wrap_gives_a_classifier_through_the_cache():
    cache = lt.PredictionCache()
    wrapped = cache.wrap(brightness)
    np.testing.assert_allclose(wrapped(IMAGES), brightness(IMAGES))
    wrapped(IMAGES)
    assert cache.calls == 3


def test_unhashable_classifiers_are_kept_apart():
    class Unhashable:
        __hash__ = None

        def __init__(self, offset):
            self.offset = offset

        def __call__(self, images):
            return brightness(images) + self.offset

    cache, first, second = lt.PredictionCache(), Unhashable(0.0), Unhashable(1.0)
    np.testing.assert_allclose(cache.predict(first, IMAGES[:1]), [[0, 1]])
    np.testing.assert_allclose(cache.predict(second, IMAGES[:1]), [[1, 2]])
    np.testing.assert_allclose(cache.predict(first, IMAGES[:1]), [[0, 1]])
    assert cache.calls == 2


def test_the_cache_checks_what_the_classifier_returns():
    cache = lt.PredictionCache()
    with pytest.raises(ValueError, match=r"classifier_fn must return an array of shape \(num_images, num_classes\) "
                                         r"= \(3, C\)"):
        cache.predict(lambda images: brightness(images)[:1], IMAGES)
    assert cache.calls == 0 and len(cache) == 0


def test_the_cache_takes_a_list_of_images():
    cache = lt.PredictionCache()
    np.testing.assert_allclose(cache.predict(brightness, list(IMAGES[:2])), brightness(IMAGES[:2]))


class UnhashableBrightness:
    """A classifier object that cannot be hashed (it defines __eq__ only), with its own offset."""

    def __init__(self, offset):
        self.offset = offset

    def __eq__(self, other):
        return self is other

    __hash__ = None

    def __call__(self, images):
        return brightness(images) + self.offset


def test_an_unhashable_classifier_is_kept_alive_so_a_new_one_never_takes_its_predictions():
    """The cache keys an unhashable classifier by id(); were it freed, a new classifier could get the
    same id (CPython reuses memory at once) and be served the old one's predictions."""
    cache = lt.PredictionCache()
    first, second = UnhashableBrightness(10.0), UnhashableBrightness(20.0)
    cache.predict(first, IMAGES[:1])
    cache.predict(second, IMAGES[:1])  # a second unhashable classifier must not evict the first
    del first, second
    for offset in range(30, 80):  # new objects of the same size: freed ids would be reused among them
        again = UnhashableBrightness(float(offset))
        np.testing.assert_allclose(cache.predict(again, IMAGES[:1]), brightness(IMAGES[:1]) + offset,
                                   err_msg="a new classifier got an old classifier's predictions")
