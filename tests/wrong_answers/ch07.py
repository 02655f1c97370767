"""Typical wrong answers to the exercises of chapter 07 (parameter study)."""

WRONG_ANSWERS = {
    "ex_top_k_superpixels": {
        "signed instead of absolute weights": '''
def top_k_superpixels(local_exp, k):
    ranked = sorted(local_exp, key=lambda pair: pair[1], reverse=True)
    return {int(superpixel) for superpixel, _ in ranked[:k]}
''',
        "off by one: k + 1 superpixels": '''
def top_k_superpixels(local_exp, k):
    ranked = sorted(local_exp, key=lambda pair: abs(pair[1]), reverse=True)
    return {int(superpixel) for superpixel, _ in ranked[:k + 1]}
''',
        "off by one: k - 1 superpixels": '''
def top_k_superpixels(local_exp, k):
    ranked = sorted(local_exp, key=lambda pair: abs(pair[1]), reverse=True)
    return {int(superpixel) for superpixel, _ in ranked[:k - 1]}
''',
        "assumes local_exp is already sorted": '''
def top_k_superpixels(local_exp, k):
    return {int(superpixel) for superpixel, _ in local_exp[:k]}
''',
        "smallest instead of largest |weight|": '''
def top_k_superpixels(local_exp, k):
    ranked = sorted(local_exp, key=lambda pair: abs(pair[1]))
    return {int(superpixel) for superpixel, _ in ranked[:k]}
''',
        "returns the (superpixel, weight) pairs": '''
def top_k_superpixels(local_exp, k):
    return set(sorted(local_exp, key=lambda pair: abs(pair[1]), reverse=True)[:k])
''',
        "calls the package": '''
from lime_teach.explorers.parameters import top_k_superpixels
''',
    },
    "ex_top_k_overlap": {
        "compares label ids, not superpixels": '''
def top_k_overlap(exp_a, exp_b, label, k):
    return len(set(exp_a.top_labels[:k]) & set(exp_b.top_labels[:k])) / k
''',
        "signed instead of absolute weights": '''
def top_k_overlap(exp_a, exp_b, label, k):
    def top_k(exp):
        ranked = sorted(exp.local_exp[label], key=lambda pair: pair[1], reverse=True)
        return {superpixel for superpixel, _ in ranked[:k]}

    return len(top_k(exp_a) & top_k(exp_b)) / k
''',
        "order-sensitive: same superpixel at the same rank": '''
def top_k_overlap(exp_a, exp_b, label, k):
    a = [superpixel for superpixel, _ in exp_a.local_exp[label][:k]]
    b = [superpixel for superpixel, _ in exp_b.local_exp[label][:k]]
    return sum(x == y for x, y in zip(a, b)) / k
''',
        "a count, not a share": '''
def top_k_overlap(exp_a, exp_b, label, k):
    def top_k(exp):
        ranked = sorted(exp.local_exp[label], key=lambda pair: abs(pair[1]), reverse=True)
        return {superpixel for superpixel, _ in ranked[:k]}

    return len(top_k(exp_a) & top_k(exp_b))
''',
        "off by one: top k + 1": '''
def top_k_overlap(exp_a, exp_b, label, k):
    def top_k(exp):
        ranked = sorted(exp.local_exp[label], key=lambda pair: abs(pair[1]), reverse=True)
        return {superpixel for superpixel, _ in ranked[:k + 1]}

    return min(len(top_k(exp_a) & top_k(exp_b)) / k, 1.0)
''',
        "calls the package": '''
from lime_teach.explorers.parameters import top_k_overlap
''',
    },
}
