#include "customer-web/controllers/controllers.h"
namespace Isp::Panel {
void addWebsiteRoutes(Panel &) {}
}
