from django import forms

from serdh.core.widgets import FastSelect


class Form(forms.Form):
    choice = forms.ChoiceField(
        widget=FastSelect,
        choices=[("", "— todos —"), ("1", "Passos"), ("Grupo <b>", [("2", "<script>x</script>")])],
    )


def test_fast_select_escapes_and_marks_the_selected_option():
    html = str(Form({"choice": "2"})["choice"])
    assert html.startswith("<select") and 'name="choice"' in html and 'id="id_choice"' in html
    assert '<option value="2" selected>&lt;script&gt;x&lt;/script&gt;</option>' in html
    assert '<optgroup label="Grupo &lt;b&gt;">' in html
    assert '<option value="1">Passos</option>' in html
    assert "<script>" not in html


def test_fast_select_renders_like_django_select():
    plain = forms.Select(choices=[("1", "Um"), ("2", "Dois")]).render("x", "2")
    fast = FastSelect(choices=[("1", "Um"), ("2", "Dois")]).render("x", "2")
    strip = lambda s: "".join(s.split()).replace('selected=""', "selected")  # noqa: E731
    assert strip(plain) == strip(fast)
