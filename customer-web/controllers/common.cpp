#include "customer-web/controllers/controllers.h"

#include <QUrl>

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

void run(Panel *p, const Request &r, const Reply &reply, Backend::Op op, const QString &to, const QString &notice,
         std::function<Response(const Request &, const OpError &)> failed)
{
    const Request copy = r;
    p->backend().runForDomain(r.session->domain, std::move(op), p,
                              [copy, reply, to, notice, failed = std::move(failed)](const OpResult<Done> &result) {
                                  answer(reply, result, to, notice, [&](const OpError &e) { return failed(copy, e); });
                              });
}

QString idOf(const QString &value)
{
    return QString::fromLatin1(value.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QString> fromId(const QString &id)
{
    auto decoded = QByteArray::fromBase64Encoding(id.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || id.isEmpty())
        return std::nullopt;
    return QString::fromUtf8(*decoded);
}

QString pathSegment(const QString &value, const QByteArray &keep)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value, keep));
}

} // namespace Isp::Panel
