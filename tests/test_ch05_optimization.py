"""Chapter 5's animation of optimizer paths (course_nn.plotting.optimizer_paths_animation): it
plays with no network, repeats exactly from run to run, and describes itself to screen readers."""

import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_nn import SGD, Adam, plotting  # noqa: E402


def bowl(w1, w2):
    return w1**2 + 4 * w2**2


def run(optimizer, steps=12):
    point, path = {"w": np.array([-2.0, 1.0])}, [np.array([-2.0, 1.0])]
    for _ in range(steps):
        optimizer.step(point, {"w": np.array([2 * point["w"][0], 8 * point["w"][1]])})
        path.append(point["w"].copy())
    return np.array(path)


def animation(**kwargs):
    panel = {"f": bowl, "paths": {"SGD": run(SGD(0.1)), "Adam": run(Adam(0.3))},
             "xlim": (-2.5, 1), "ylim": (-1.5, 1.5), "optimum": (0, 0), "title": "bowl"}
    settings = {"name": "paths", "alt": "two paths & a bowl", "caption": "A <caption>.", "frames": 5}
    return plotting.optimizer_paths_animation([panel, dict(panel, title="again")],
                                              **(settings | kwargs))


def test_the_html_is_the_same_from_run_to_run_and_closes_its_figure():
    before = plt.get_fignums()
    assert animation() == animation()
    assert plt.get_fignums() == before


def test_the_html_loads_nothing_from_another_host():
    html = animation()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<link" not in html and "font-awesome" not in html
    assert html.count('src="data:image/png;base64,') == 1


def test_one_line_and_one_dot_per_path_and_panel_and_an_inline_player():
    html = animation()
    assert html.count("<polyline") == 4 and html.count("<circle") == 4
    assert html.count('<clipPath id="paths-clip-') == 2
    assert 'id="paths"' in html and 'getElementById("paths")' in html
    assert 'max="4"' in html  # frames 0..4
    paths = json.loads(re.search(r"var paths = (\[.*?\]), panels", html).group(1))
    assert [len(path) for path in paths] == [13] * 4  # every point of every path, in pixels


def test_alt_text_and_caption_are_escaped():
    html = animation()
    assert 'alt="two paths &amp; a bowl"' in html
    assert "<figcaption>A &lt;caption&gt;.</figcaption>" in html


@pytest.mark.parametrize("name", ["", "1paths", "my paths", 'x"y'])
def test_a_name_that_is_not_a_safe_id_is_refused(name):
    with pytest.raises(ValueError, match="name"):
        animation(name=name)


def test_fewer_than_two_frames_is_refused():
    with pytest.raises(ValueError, match="frames"):
        animation(frames=1)
