"""Typical wrong answers to the exercises of chapter 10 (attacks)."""

WRONG_ANSWERS = {
    "ex_fgsm_step": {
        "no clipping: 1 - 2 wraps around to 255 in uint8": [
            ("np.clip(np.rint(moved), 0, 255).astype(np.uint8)", "np.rint(moved).astype(np.uint8)")],
        "uint8 arithmetic: the step is cast to uint8 (-2 becomes 254) and the sum overflows past 255": [
            ("moved = image.astype(np.float64) + epsilon * np.sign(gradient)",
             "moved = image + (epsilon * np.sign(gradient)).astype(np.uint8)")],
        "sign flipped: a step towards the predicted class": [
            ("+ epsilon * np.sign(gradient)", "- epsilon * np.sign(gradient)")],
        "epsilon read as a share of the range (0..1 units scaled by 255)": [
            ("+ epsilon * np.sign(gradient)", "+ 255 * epsilon * np.sign(gradient)")],
        "epsilon divided by 255 on a 0..255 image: the step vanishes": [
            ("+ epsilon * np.sign(gradient)", "+ epsilon / 255 * np.sign(gradient)")],
        "returns float64 instead of uint8": [("np.clip(np.rint(moved), 0, 255).astype(np.uint8)",
                                             "np.clip(np.rint(moved), 0, 255)")],
        "sign by comparison: pixels with a zero gradient move too": [
            ("np.sign(gradient)", "np.where(gradient >= 0, 1, -1)")],
        "the raw gradient instead of its sign": [("epsilon * np.sign(gradient)", "epsilon * gradient")],
        "clipped to 0..1 as for float images": [("np.clip(np.rint(moved), 0, 255)", "np.clip(np.rint(moved), 0, 1)")],
    },
    "ex_epsilon": {
        "the largest budget, to be safe": [("EPSILON = 2", "EPSILON = 8")],
        "the budget that flips the most but not all (1 flips 10 of 11)": [("EPSILON = 2", "EPSILON = 1")],
        "not the smallest that works": [("EPSILON = 2", "EPSILON = 3")],
        "the budget of the section's own example": [("EPSILON = 2", "EPSILON = 4")],
        "in units of the range instead of pixel levels": [("EPSILON = 2", "EPSILON = 2 / 255")],
        "a string instead of a number": [("EPSILON = 2", "EPSILON = '2'")],
        "a float instead of an int": [("EPSILON = 2", "EPSILON = 2.0")],
    },
    "ex_scaffold": {
        "> instead of >=: a tie at the threshold goes to the biased model": [(">= threshold", "> threshold")],
        "routes swapped: the innocuous model answers real images": [
            ("innocuous(images), biased(images)", "biased(images), innocuous(images)")],
        "default threshold left out": [("threshold=0.5):", "threshold):")],
        "threshold hard-coded at the default": [(">= threshold", ">= 0.5")],
        "only the class-1 column, not all classes": [("return routed.astype(np.float64)",
                                                      "return routed[:, 1].astype(np.float64)")],
        "the mask is not broadcast over the classes: rows and columns mixed up when N == C": [
            ("suspect[:, None]", "suspect")],
        "a list instead of an array": [("return routed.astype(np.float64)", "return routed.tolist()")],
        "detect read as the probability of a real image": [(">= threshold", "<= 1 - threshold")],
    },
}
