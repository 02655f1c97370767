"""Edge cases of the fooling audit: top-k shares, ties, defaults and what explain_cue and fooling_rate pass on."""

import numpy as np
import pytest

import lime_teach as lt
from lime_teach import fooling, fooling_audit
from lime_teach.perturbation import perturb
from lime_teach.sampling import Samples

# Five superpixels in a row, one pixel each: 0 1 2 3 4.
ROW = np.arange(5)[None]
RANKED = [(3, 0.2), (0, 0.5), (4, 0.1), (2, 0.3), (1, 0.4)]   # by weight: 0, 1, 2, 3, 4


def one(*superpixels):
    return np.isin(ROW, superpixels)


def test_cue_share_default_k_is_3():
    assert fooling_audit.cue_share(RANKED, ROW, one(0)) == pytest.approx(1 / 3)
    assert fooling_audit.cue_share(RANKED, ROW, one(3)) == 0.0          # the 4th superpixel: not in the top 3
    assert fooling_audit.cue_share(RANKED, ROW, one(3), k=4) == 0.25
    assert fooling_audit.cue_share(RANKED, ROW, one(0, 1, 2, 3, 4), k=10) == 1.0


def test_cue_share_skips_zero_weights():
    local_exp = [(0, 0.0), (1, 0.5), (2, -0.2)]
    assert fooling_audit.cue_share(local_exp, ROW, one(0), k=3) == 0.0
    assert fooling_audit.cue_share(local_exp, ROW, one(1), k=3) == 1.0
    assert fooling_audit.cue_share([(0, 0.0)], ROW, one(0)) == 0.0


def test_cue_share_weighs_pixels_not_superpixels():
    segments = np.array([[0, 0, 0, 1]])
    assert fooling_audit.cue_share([(0, 0.2), (1, 0.1)], segments, np.array([[0, 0, 0, 1]]), k=2) == 0.25


@pytest.mark.parametrize("region", [one(0).astype(np.uint8) * 255, one(0).astype(float) * 0.5, one(0).tolist()])
def test_cue_share_region_is_any_truthy_mask(region):
    # A 0/255 mask as an image library writes it, a 0/0.5 one, a list: the region is where it is non-zero.
    assert fooling_audit.cue_share(RANKED, ROW, region) == pytest.approx(1 / 3)


def test_cue_share_messages():
    with pytest.raises(ValueError, match=r"^k must be at least 1, got 0$"):
        fooling_audit.cue_share(RANKED, ROW, one(0), k=0)
    with pytest.raises(TypeError, match=r"^k must be an integer, got 1\.5$"):
        fooling_audit.cue_share(RANKED, ROW, one(0), k=1.5)
    with pytest.raises(ValueError, match=r"^region must have the segments' shape \(1, 5\), got \(5,\)$"):
        fooling_audit.cue_share(RANKED, ROW, one(0)[0])


def test_is_fooled_default_k_and_k_on_both_sides():
    innocuous, biased = one(0), one(3)
    assert fooling_audit.is_fooled(RANKED, ROW, biased, innocuous)             # k=3: 1/3 against 0
    assert not fooling_audit.is_fooled(RANKED, ROW, biased, innocuous, k=4)    # 1/4 against 1/4: a tie
    assert fooling_audit.is_fooled(RANKED, ROW, one(4), one(0, 3), k=4)        # 2/4 against 0
    assert not fooling_audit.is_fooled(RANKED, ROW, one(0, 3), one(4), k=4)    # 0 against 2/4


def test_is_fooled_is_false_on_a_tie():
    assert not fooling_audit.is_fooled([(0, -1.0)], ROW, one(1), one(2))            # no positive weight: 0 and 0
    assert not fooling_audit.is_fooled(RANKED, ROW, one(0), one(0), k=2)            # the same region: 1/2 and 1/2


# LIME on a scorer that reads which superpixels are kept: five columns of two pixels, an image of 200s hidden
# with black (hide_color=0), class 1's probability linear in the kept columns, heaviest first. LIME's top-3 are
# then columns 0, 1, 2, its top-4 columns 0..3.
IMAGE = np.full((4, 10, 3), 200, dtype=np.uint8)
COLUMNS = np.repeat(np.arange(5), 2)[None].repeat(4, axis=0)
INNOCUOUS, BIASED = COLUMNS == 0, COLUMNS == 3
COLUMN_WEIGHTS = np.array([0.5, 0.4, 0.3, 0.2, 0.1]) / 1.5


class Scorer:
    """images -> [1 - p, p] (or [p, 1 - p]), p linear in the kept columns; remembers every image it saw."""

    def __init__(self, cue_class=1):
        self.cue_class, self.seen = cue_class, []

    def __call__(self, images):
        self.seen.append(np.array(images))
        p = (images[:, 0, ::2, 0] > 0) @ COLUMN_WEIGHTS
        return np.stack([1 - p, p] if self.cue_class == 1 else [p, 1 - p], axis=1)

    def images(self):
        return np.concatenate(self.seen)


def test_fooling_rate_defaults_300_samples_k_3_and_bool_flags():
    scorer = Scorer()
    rate, fooled = fooling_audit.fooling_rate([IMAGE], [COLUMNS], scorer, BIASED, INNOCUOUS, hide_color=0)
    assert rate == 1.0 and fooled.dtype == bool and fooled.tolist() == [[True]]
    assert len(scorer.images()) == 300
    rate, fooled = fooling_audit.fooling_rate([IMAGE, IMAGE], [COLUMNS, COLUMNS], Scorer(), BIASED, INNOCUOUS,
                                              hide_color=0, num_samples=40, seeds=(0, 1, 2), k=4)
    assert rate == 0.0 and fooled.dtype == bool and fooled.tolist() == [[False] * 3] * 2


def test_fooling_rate_explains_the_label_it_is_given():
    rate, fooled = fooling_audit.fooling_rate([IMAGE], [COLUMNS], Scorer(cue_class=0), BIASED, INNOCUOUS,
                                              hide_color=0, num_samples=100, label=0)
    assert rate == 1.0 and fooled.tolist() == [[True]]
    # Class 1 is then 1 - p: its positive weights are none, nothing is fooled.
    assert fooling_audit.fooling_rate([IMAGE], [COLUMNS], Scorer(cue_class=0), BIASED, INNOCUOUS, hide_color=0,
                                      num_samples=100)[0] == 0.0


@pytest.mark.parametrize("hide_color", [0, 90])
def test_fooling_rate_shows_the_scorer_the_masks_of_each_seed_with_the_hide_color(hide_color):
    scorer = Scorer()
    fooling_audit.fooling_rate([IMAGE], [COLUMNS], scorer, BIASED, INNOCUOUS, hide_color=hide_color, num_samples=30,
                               keep_probability=0.7, seeds=(4, 11))
    expected = [perturb(IMAGE, COLUMNS, fooling.keep_masks(5, 30, 0.7, seed), hide_color) for seed in (4, 11)]
    assert np.array_equal(scorer.images(), np.concatenate(expected))


def noise_image(seed=0):
    return np.random.RandomState(seed).randint(0, 256, (6, 8, 3)).astype(np.uint8)


GRID = np.repeat(np.repeat(np.arange(6).reshape(2, 3), 3, axis=0), [3, 3, 2], axis=1)   # six superpixels


def three_classes(images):
    """A deterministic 3-class answer from the mean colour per channel."""
    x = images.reshape(len(images), -1, 3).mean(axis=1) / 255
    exp = np.exp(np.array([[3.0, -2.0, 1.0], [0.5, 2.0, -1.0], [-1.0, 1.0, 2.5]]) @ x.T).T
    return exp / exp.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("hide_color", [None, 0])
def test_explain_cue_with_lime_masks_is_lt_explain_of_the_label_alone(hide_color, capsys):
    image = noise_image(1)
    exp = fooling_audit.explain_cue(image, three_classes, GRID, hide_color=hide_color, random_state=3)
    ref = lt.explain(image, three_classes, top_labels=None, labels=(1,), hide_color=hide_color, num_samples=300,
                     segmentation_fn=lambda _: GRID, random_state=3, progress=False)
    assert exp.labels == [1] and exp.top_labels is None and list(exp.local_exp) == [1]
    assert exp.masks.shape == (300, 6) and np.array_equal(exp.masks, ref.masks)
    assert np.array_equal(exp.predictions, ref.predictions) and exp.samples.hide_color == hide_color
    assert exp.local_exp[1] == ref.local_exp[1]
    assert capsys.readouterr().err == ""      # no progress bar


def test_explain_cue_explains_another_label_with_lime_masks():
    exp = fooling_audit.explain_cue(noise_image(2), three_classes, GRID, num_samples=50, random_state=0, label=2)
    assert exp.labels == [2] and list(exp.local_exp) == [2] and exp.masks.shape == (50, 6)
    assert exp.samples.hide_color is None


@pytest.mark.parametrize("hide_color", [None, 0])
def test_explain_cue_with_keep_masks_fits_those_masks(hide_color, capsys):
    image = noise_image(3)
    exp = fooling_audit.explain_cue(image, three_classes, GRID, hide_color=hide_color, keep_probability=0.8,
                                    random_state=5)
    masks = fooling.keep_masks(6, 300, 0.8, 5)
    predictions = three_classes(perturb(image, GRID, masks, hide_color))
    ref = lt.fit(Samples(image, GRID, masks, predictions, hide_color), [1])
    assert np.array_equal(exp.masks, masks) and np.array_equal(exp.predictions, predictions)
    assert np.array_equal(exp.image, image) and np.array_equal(exp.segments, GRID)
    assert exp.samples.hide_color == hide_color
    assert exp.labels == [1] and exp.local_exp[1] == ref.local_exp[1]
    other = fooling_audit.explain_cue(image, three_classes, GRID, keep_probability=0.8, random_state=5, label=0,
                                      num_samples=20)
    assert other.labels == [0] and other.masks.shape == (20, 6)
    assert capsys.readouterr().err == ""
