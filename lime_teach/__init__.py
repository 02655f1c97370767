"""lime_teach: LIME for image classifiers, rebuilt one concept per module.

The modules follow the chapters of the course:

=================  ==========================================  =======
module             concept                                     chapter
=================  ==========================================  =======
models, images     the black box and the course images         01
segmentation       superpixels                                 02
perturbation       masks and perturbed images                  03
kernels            cosine distance and the exponential kernel  04
regression         the weighted linear surrogate               05
explanation        LIME assembled: explain, Explanation        06
plotting           figures of explanations                     06-08
=================  ==========================================  =======
"""

from .images import available_images, load_image
from .models import MODEL_NAMES, KerasClassifier, TorchClassifier, load_model
from .segmentation import segment
from .perturbation import perturb, perturb_batches, sample_masks
from .kernels import cosine_distance, effective_sample_size, kernel
from .regression import fit_surrogate, weighted_ridge
from .explanation import Explanation, PredictionCache, explain
from . import plotting

__all__ = [
    "available_images", "load_image", "load_model", "MODEL_NAMES", "TorchClassifier", "KerasClassifier", "segment", "sample_masks", "perturb",
    "perturb_batches", "cosine_distance", "kernel", "effective_sample_size", "fit_surrogate",
    "weighted_ridge", "explain", "Explanation", "PredictionCache",
]
