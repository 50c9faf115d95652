// Templates: the panel's HTML, from Mustache files in resources/panel/templates (compiled into
// the program), rendered with kainjow::mustache, which escapes every {{value}} by default. The
// only unescaped insertion is {{{body}}} in layout.mustache: a page this class rendered itself.
// C++ never builds HTML by concatenation.
//
// Thread affinity: the server's thread (parsed templates are cached).
#pragma once

#include <kainjow/mustache.hpp>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace Isp::Panel {

namespace Mustache = kainjow::mustache;

// Shorthands for building template data from Qt values.
inline Mustache::data value(const QString &s) { return Mustache::data(s.toStdString()); }
inline Mustache::data flag(bool b) { return b ? Mustache::data(Mustache::data::type::bool_true) : Mustache::data(Mustache::data::type::bool_false); }
inline Mustache::data list() { return Mustache::data(Mustache::data::type::list); }
Mustache::data list(const QStringList &values, const char *key = "value");

class Templates
{
public:
    // `folder` overrides the compiled-in templates (":/panel/templates"), for development.
    explicit Templates(QString folder = QStringLiteral(":/panel/templates"));
    ~Templates();

    // `name` rendered alone (no layout).
    QByteArray render(const QString &name, const Mustache::data &data);
    // `name` rendered into layout.mustache; `data` must carry what the layout shows (title,
    // domain, csrf, nav flags: Panel::pageData() sets them).
    QByteArray page(const QString &name, Mustache::data data);
    // Names of the templates that exist (tests check every one parses).
    [[nodiscard]] QStringList names() const;

private:
    void addPartials(Mustache::data &context);
    Mustache::mustache &compiled(const QString &name);

    QString m_folder;
    QHash<QString, std::shared_ptr<Mustache::mustache>> m_cache;
    std::vector<std::pair<std::string, std::string>> m_partials;
};

} // namespace Isp::Panel
