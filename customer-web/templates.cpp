#include "customer-web/templates.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTemplates, "isp.panel.templates")

namespace Isp::Panel {

Mustache::data list(const QStringList &values, const char *key)
{
    Mustache::data out = list();
    for (const QString &v : values)
        out << Mustache::data(key, v.toStdString());
    return out;
}

Templates::Templates(QString folder) : m_folder(std::move(folder)) {}
Templates::~Templates() = default;

QStringList Templates::names() const
{
    QStringList out;
    const QStringList files = QDir(m_folder).entryList({QStringLiteral("*.mustache")}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        out << f.chopped(int(qstrlen(".mustache")));
    return out;
}

Mustache::mustache &Templates::compiled(const QString &name)
{
    auto it = m_cache.find(name);
    if (it == m_cache.end()) {
        QFile f(m_folder + QLatin1Char('/') + name + QStringLiteral(".mustache"));
        std::string text;
        if (f.open(QIODevice::ReadOnly))
            text = f.readAll().toStdString();
        else
            text = "<p>Template " + name.toStdString() + " is missing.</p>";
        auto t = std::make_shared<Mustache::mustache>(text);
        if (!t->is_valid())
            qCCritical(lcTemplates) << "template" << name << "does not parse:" << QString::fromStdString(t->error_message());
        it = m_cache.insert(name, t);
    }
    return **it;
}

void Templates::addPartials(Mustache::data &context)
{
    // Partials ({{> _name}}) are the files whose names start with "_".
    if (m_partials.empty()) {
        const QStringList all = names();
        for (const QString &n : all) {
            if (!n.startsWith(QLatin1Char('_')))
                continue;
            QFile f(m_folder + QLatin1Char('/') + n + QStringLiteral(".mustache"));
            if (f.open(QIODevice::ReadOnly))
                m_partials.emplace_back(n.toStdString(), f.readAll().toStdString());
        }
    }
    for (const auto &[n, text] : m_partials) {
        const std::string copy = text;
        context.set(n, Mustache::partial([copy] { return copy; }));
    }
}

QByteArray Templates::render(const QString &name, const Mustache::data &data)
{
    Mustache::data context = data;
    addPartials(context);
    return QByteArray::fromStdString(compiled(name).render(context));
}

QByteArray Templates::page(const QString &name, Mustache::data data)
{
    addPartials(data);
    data.set("body", compiled(name).render(data));
    return QByteArray::fromStdString(compiled(QStringLiteral("layout")).render(data));
}

} // namespace Isp::Panel
