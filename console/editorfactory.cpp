#include "console/editorfactory.h"

#include "console/editors/admineditor.h"
#include "console/editors/confeditor.h"
#include "console/editors/databaseeditor.h"
#include "console/editors/dnseditor.h"
#include "console/editors/vhosteditor.h"
#include "console/editors/webusereditor.h"
#include "console/editors/domaineditor.h"
#include "console/editors/hosteditor.h"
#include "console/editors/hostgroupeditor.h"
#include "console/editors/processeditor.h"
#include "console/editors/serviceaccounteditor.h"
#include "console/editors/tenanteditor.h"
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
    case EntityKind::Host: return new HostEditor(context, parent);
    case EntityKind::HostGroup: return new HostGroupEditor(context, parent);
    case EntityKind::Reseller: return new ResellerEditor(context, parent);
    case EntityKind::Client: return new ClientEditor(context, parent);
    case EntityKind::Admin: return new AdminEditor(context, parent);
    case EntityKind::ConfVar: return new ConfEditor(context, parent);
    case EntityKind::Process: return new ProcessEditor(context, parent);
    case EntityKind::Vhost: return new VhostEditor(context, parent);
    case EntityKind::WebUser: return new WebUserEditor(context, parent);
    case EntityKind::DnsName: return new DnsEditor(context, parent);
    case EntityKind::Database: return new DatabaseEditor(context, parent);
    case EntityKind::ServiceAccount: return new ServiceAccountEditor(context, parent);
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
    case EntityKind::Host:
    case EntityKind::HostGroup:
    case EntityKind::Reseller:
    case EntityKind::Client:
    case EntityKind::Admin:
    case EntityKind::Vhost:
    case EntityKind::WebUser:
    case EntityKind::DnsName:
    case EntityKind::Database:
    case EntityKind::ServiceAccount:
        return true;
    default:
        return false;
    }
}

} // namespace Isp::Console
