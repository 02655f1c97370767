"""lime_teach: LIME for image classifiers, rebuilt one concept per module.

The modules follow the chapters of the course (docs/ARCHITECTURE.md draws the flow):

=================  ===============================================  =======
module             concept                                          chapter
=================  ===============================================  =======
classifier         the black box's contract: images -> probs        01
torch_classifier,  PyTorch and Keras models behind that contract    01
keras_classifier
zoo                the course's ImageNet models by name             01
images             the course images                                01
segmentation       superpixels                                      02
perturbation       masks and perturbed images                       03
kernels            cosine distance, lime's and the Shapley kernel   04, 08
regression         the weighted linear surrogate                    05
sampling           sample: the one step that calls the model        06
explanation        fit, Explanation, and explain = the pipeline     06
cache              PredictionCache: predictions remembered          07
metrics            comparing explanations (overlap, correlation)    07-08
plotting           figures of explanations                          06-08
validation/        every input check, one message style: values,    all
                   pixels (images), arrays
stability          top-k agreement across seeds, with an interval   08
faithfulness       deletion and insertion curves, their area        08
gradients          gradient x input per superpixel                  08
randomization      the model-randomisation sanity check             08
linear_pixels      a model whose exact explanation is known         08
clever_hans        a dataset with a spurious cue, its Keras CNN     09
submodular         SP-LIME: pick the images that cover the most     09
attacks            FGSM and PGD adversarial examples                10
fooling,           a scaffold that hides its bias from LIME,        10
fooling_audit      and how often it succeeds
=================  ===============================================  =======
"""

from .images import available_images, load_image
from .classifier import Classifier
from .torch_classifier import TorchClassifier
from .keras_classifier import KerasClassifier
from .zoo import MODEL_NAMES, load_model
from .segmentation import num_superpixels, segment
from .perturbation import perturb, perturb_batches, sample_masks
from .kernels import cosine_distance, effective_sample_size, kernel, shapley_kernel
from .regression import fit_surrogate, weighted_ridge
from .cache import PredictionCache
from .sampling import Samples, sample
from .explanation import Explanation, explain, fit, top_labels
from . import metrics, plotting

__all__ = [
    "available_images", "load_image", "load_model", "MODEL_NAMES", "Classifier", "TorchClassifier",
    "KerasClassifier", "segment", "num_superpixels", "sample_masks", "perturb", "perturb_batches",
    "cosine_distance", "kernel", "shapley_kernel", "effective_sample_size", "fit_surrogate", "weighted_ridge",
    "sample", "Samples", "fit", "top_labels", "explain", "Explanation", "PredictionCache",
]
from . import faithfulness, gradients, linear_pixels, randomization, stability  # chapter 08
from . import clever_hans, submodular  # chapter 09
from . import attacks, fooling, fooling_audit  # chapter 10
