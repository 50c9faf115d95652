#include "console/editorfactory.h"

#include "console/editors/domaineditor.h"
#include "console/editors/mailgroupeditor.h"
#include "console/editors/usereditor.h"
#include "console/entryviewer.h"

namespace Isp::Console {

EntityEditor *createEditor(EntityKind kind, const ConsoleContext &context, QWidget *parent)
{
    switch (kind) {
    case EntityKind::Domain: return new DomainEditor(context, parent);
    case EntityKind::User: return new UserEditor(context, parent);
    case EntityKind::MailGroup: return new MailGroupEditor(context, parent);
    default: break;
    }
    return new EntryViewer(context, parent);
}

bool canCreate(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Domain:
    case EntityKind::User:
    case EntityKind::MailGroup:
        return true;
    default:
        return false;
    }
}

} // namespace Isp::Console
