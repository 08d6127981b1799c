// libxlsxwriter (Debian's libxlsxwriter-dev), for the comparison workbook. Only FeeSimReports' Workbook uses it.
#ifndef FEESIM_CXLSX_SHIM_H
#define FEESIM_CXLSX_SHIM_H
#include <xlsxwriter.h>
#endif
