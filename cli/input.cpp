#include "cli/input.h"

#include "core/validation/number.h"
#include "core/validation/text.h"

#include <CLI/CLI.hpp>

namespace Isp::Cli {

using Core::OpError;

QString Input::text(const QString &field, const std::string &value)
{
    return decode(field, QByteArray::fromStdString(value));
}

QStringList Input::texts(const QString &field, const std::vector<std::string> &values)
{
    QStringList out;
    for (const std::string &v : values)
        out << text(field, v);
    return out;
}

std::optional<QString> Input::given(const QString &field, const CLI::Option *option, const std::string &value)
{
    if (!option->count())
        return std::nullopt;
    return text(field, value);
}

std::optional<QStringList> Input::givenList(
    const QString &field, const CLI::Option *option, const std::vector<std::string> &values)
{
    if (!option->count())
        return std::nullopt;
    QStringList out = texts(field, values);
    out.removeAll(QString());
    return out;
}

qint64 Input::id(const QString &field, const std::string &value)
{
    const QString t = text(field, value);
    if (m_error)
        return 0;
    auto n = Core::Validate::integer(field, t, 1, Core::Validate::MaxLimit);
    if (!n.ok()) {
        keep(OpError::invalid(field, n.error().message));
        return 0;
    }
    return *n;
}

QString Input::secret(const std::string &file, const QString &field)
{
    if (file.empty())
        return QString();
    auto pw = readPasswordFile(file, field);
    if (!pw.ok()) {
        keep(pw.error());
        return QString();
    }
    return *pw;
}

QByteArray Input::fileBytes(const std::string &file, qint64 maxBytes, const QString &field)
{
    auto bytes = readInput(file, field, maxBytes);
    if (!bytes.ok()) {
        keep(bytes.error());
        return QByteArray();
    }
    return *bytes;
}

QString Input::fileText(const std::string &file, qint64 maxBytes, const QString &fileField, const QString &textField)
{
    const QByteArray bytes = fileBytes(file, maxBytes, fileField);
    if (m_error)
        return QString();
    return decode(textField, bytes);
}

QString Input::decode(const QString &field, const QByteArray &bytes)
{
    auto v = Core::Validate::utf8(field, bytes);
    if (!v.ok()) {
        keep(OpError::invalid(field, v.error().message));
        return QString();
    }
    return *v;
}

void Input::keep(const OpError &error)
{
    if (!m_error)
        m_error = error;
}

std::optional<bool> ftpStatus(const std::string &value)
{
    if (value == "enabled")
        return true;
    if (value == "disabled")
        return false;
    return std::nullopt;
}

} // namespace Isp::Cli
