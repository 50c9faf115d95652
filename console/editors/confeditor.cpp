#include "console/editors/confeditor.h"

#include "console/editors/infracommands.h"
#include "core/ops/confops.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Isp::Console {

using namespace Isp::Core;

ConfEditor::ConfEditor(const ConsoleContext &context, QWidget *parent)
    : EntityEditor(context, parent), m_watch(new InfraEntryWatch(context.live, this))
{
    auto label = [this](const char *name) {
        auto *l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return l;
    };
    m_module = label("module");
    addField(QStringLiteral("module"), tr("Module"), m_module);
    m_name = label("variable");
    addField(QStringLiteral("variable"), tr("Variable"), m_name);
    m_question = label("question");
    addField(QStringLiteral("question"), tr("Meaning"), m_question);
    m_rule = label("rule");
    addField(QStringLiteral("rule"), tr("Allowed"), m_rule);
    m_value = new QLineEdit(this);
    m_value->setObjectName(QStringLiteral("value"));
    addField(QStringLiteral("value"), tr("Value"), m_value);
    connect(saveButton(), &QPushButton::clicked, this, &ConfEditor::save);
    connect(m_watch, &InfraEntryWatch::changed, this, [this](const LdapEntry &e) {
        const ConfVariable now = ConfVariable::fromEntry(e);
        // Another admin (or an undo) changed it: show the new value unless the admin is typing.
        if (m_value->text() == m_variable.value)
            showVariable(now);
        else
            m_variable = now;
    });
}

void ConfEditor::load(const LdapDn &dn)
{
    setDn(dn);
    const QString name = dn.rdnValue();
    setTitle(tr("Configuration %1").arg(name));
    read<ConfVariable>([name](DirectorySession &s) { return ConfOps::get(s, name); },
        [this](const ConfVariable &v) { showVariable(v); });
    m_watch->watch(dn);
}

void ConfEditor::showVariable(const ConfVariable &v)
{
    m_variable = v;
    m_module->setText(v.module);
    m_name->setText(v.alias.isEmpty() || v.alias == v.name ? v.name : tr("%1 (%2)").arg(v.alias, v.name));
    m_question->setText(v.question);
    m_rule->setText(ConfOps::ruleDescription(v.name));
    m_value->setText(v.value);
}

void ConfEditor::save()
{
    const QString name = m_variable.name;
    if (name.isEmpty())
        return;
    if (m_value->text() == m_variable.value) {
        showMessage(tr("Nothing to save."));
        return;
    }
    // Core names the variable as the field of a refused value; here that field is "value".
    std::shared_ptr<Command> set = InfraCommands::setConf(name, m_value->text());
    auto shown = std::make_shared<Command>(*set);
    shown->apply = [apply = set->apply, name](DirectorySession &s) -> OpResult<std::shared_ptr<Command>> {
        auto r = apply(s);
        if (!r.ok() && r.error().field == name) {
            OpError e = r.error();
            e.field = QStringLiteral("value");
            return e;
        }
        return r;
    };
    execute(shown, [this] { load(dn()); });
}

} // namespace Isp::Console
