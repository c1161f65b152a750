"""Downloads for signed-in people (/exports): what they may see, as CSV or JSON.

The experiment list links here with its filters; the API has the same exports for tokens.
"""

from flask import Blueprint, abort, request
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker.exports import download as downloads
from tracker.exports.columns import RESOURCES
from tracker.forms.experiments import FilterForm
from tracker.views.main import actor

bp = Blueprint("exports", __name__, url_prefix="/exports")


@bp.get("")
@login_required
def download() -> Response:
    """?what=experiments|decisions|lessons|commons&format=csv|json, plus the list's filters."""
    what = request.args.get("what", "experiments")
    kind = request.args.get("format", "csv")
    if what not in RESOURCES or kind not in ("csv", "json"):
        abort(404)
    filters: dict[str, str] = {}
    if what == "experiments":
        form = FilterForm(request.args)
        if not form.validate():
            abort(400)
        filters = form.filters()
    return downloads.response(what, kind, actor(), **filters)
