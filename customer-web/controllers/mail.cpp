#include "customer-web/controllers/controllers.h"
namespace Isp::Panel {
void addMailRoutes(Panel &) {}
}
