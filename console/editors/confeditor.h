// ConfEditor: one configuration variable (ispmanVar=...,ispmanModule=...,ou=conf). Core knows
// the rule of each known variable (a number, yes/no, an absolute path ...) and refuses values
// that break it, naming the variable as the field; the editor shows that message under the
// value. The rule's description is shown beside it, so the admin knows before saving.
//
// Thread affinity: GUI thread.
#pragma once

#include "console/entityeditor.h"
#include "core/model/tenant.h"

class QLabel;
class QLineEdit;

namespace Isp::Console {

class InfraEntryWatch;

class ConfEditor : public EntityEditor
{
    Q_OBJECT

public:
    explicit ConfEditor(const ConsoleContext &context, QWidget *parent = nullptr);

    void load(const Core::LdapDn &dn) override;

private:
    void save();
    void showVariable(const Core::ConfVariable &variable);

    Core::ConfVariable m_variable;
    QLabel *m_module;
    QLabel *m_name;
    QLabel *m_question;
    QLabel *m_rule;
    QLineEdit *m_value;
    InfraEntryWatch *m_watch;
};

} // namespace Isp::Console
