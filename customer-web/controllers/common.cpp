#include "customer-web/controllers/controllers.h"

namespace Isp::Panel {

using namespace Isp::Core;

Mustache::data withErrors(Mustache::data data, const Request &request, const OpError &error)
{
    Mustache::data errors = list();
    errors << Mustache::data("message", error.message.toStdString());
    data.set("errors", errors);
    data.set("hasErrors", flag(true));
    if (!error.field.isEmpty())
        data.set("error_" + error.field.toStdString(), error.message.toStdString());
    for (auto it = request.form.cbegin(); it != request.form.cend(); ++it) {
        if (it.key() == u"_csrf" || it.key().contains(QStringLiteral("password"), Qt::CaseInsensitive))
            continue;
        data.set("form_" + it.key().toStdString(), it.value().toStdString());
    }
    return data;
}

int statusFor(const OpError &error)
{
    switch (error.kind) {
    case OpError::Kind::NotFound:
        return 404;
    case OpError::Kind::NotAllowed:
        return 403;
    case OpError::Kind::Directory:
        return 503;
    case OpError::Kind::Invalid:
    case OpError::Kind::Conflict:
    case OpError::Kind::LimitReached:
        break;
    }
    return 422;
}

void answer(const Reply &reply, const OpResult<Done> &result, const QString &listPath, const QString &notice,
            const std::function<Response(const OpError &)> &failed)
{
    if (result.ok())
        reply(Response::redirect(listPath + QStringLiteral("?done=") + notice));
    else
        reply(failed(result.error()));
}

} // namespace Isp::Panel
