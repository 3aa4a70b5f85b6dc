/* types.c - the type descriptions and interface methods the component
 * names, looked up once in the office's type manager and kept. */
#include "uno/uno_util.h"

#include <stdatomic.h>
#include <string.h>

/* ---- type descriptions ------------------------------------------------ */

/* A type is named (looked up in the office's type manager), simple (a type
 * class), or a sequence of another entry. */
static const struct {
	const char *name;
	typelib_TypeClass simple;
	int elem;
} types[UU_TYPE_COUNT] = {
	[UU_XINTERFACE] = { "com.sun.star.uno.XInterface", 0, -1 },
	[UU_XTYPEPROVIDER] = { "com.sun.star.lang.XTypeProvider", 0, -1 },
	[UU_XSERVICEINFO] = { "com.sun.star.lang.XServiceInfo", 0, -1 },
	[UU_XSINGLECOMPONENTFACTORY] = { "com.sun.star.lang.XSingleComponentFactory", 0, -1 },
	[UU_XINITIALIZATION] = { "com.sun.star.lang.XInitialization", 0, -1 },
	[UU_XDISPATCHPROVIDER] = { "com.sun.star.frame.XDispatchProvider", 0, -1 },
	[UU_XDISPATCH] = { "com.sun.star.frame.XDispatch", 0, -1 },
	[UU_XNOTIFYINGDISPATCH] = { "com.sun.star.frame.XNotifyingDispatch", 0, -1 },
	[UU_XTHIDUA] = { "vn.thidua.XThidua", 0, -1 },
	[UU_XCOMPONENTCONTEXT] = { "com.sun.star.uno.XComponentContext", 0, -1 },
	[UU_XMULTICOMPONENTFACTORY] = { "com.sun.star.lang.XMultiComponentFactory", 0, -1 },
	[UU_XFRAME] = { "com.sun.star.frame.XFrame", 0, -1 },
	[UU_XCONTROLLER] = { "com.sun.star.frame.XController", 0, -1 },
	[UU_XMODEL] = { "com.sun.star.frame.XModel", 0, -1 },
	[UU_XSTORABLE] = { "com.sun.star.frame.XStorable", 0, -1 },
	[UU_XMODIFIABLE] = { "com.sun.star.util.XModifiable", 0, -1 },
	[UU_XCOMPONENTLOADER] = { "com.sun.star.frame.XComponentLoader", 0, -1 },
	[UU_XCOMPONENT] = { "com.sun.star.lang.XComponent", 0, -1 },
	[UU_XEXECUTABLEDIALOG] = { "com.sun.star.ui.dialogs.XExecutableDialog", 0, -1 },
	[UU_XFILEPICKER] = { "com.sun.star.ui.dialogs.XFilePicker", 0, -1 },
	[UU_XFILTERMANAGER] = { "com.sun.star.ui.dialogs.XFilterManager", 0, -1 },
	[UU_XFOLDERPICKER] = { "com.sun.star.ui.dialogs.XFolderPicker", 0, -1 },
	[UU_XSTATUSINDICATORFACTORY] = { "com.sun.star.task.XStatusIndicatorFactory", 0, -1 },
	[UU_XSTATUSINDICATOR] = { "com.sun.star.task.XStatusIndicator", 0, -1 },
	[UU_XMESSAGEBOXFACTORY] = { "com.sun.star.awt.XMessageBoxFactory", 0, -1 },
	[UU_XMESSAGEBOX] = { "com.sun.star.awt.XMessageBox", 0, -1 },
	[UU_XWINDOW] = { "com.sun.star.awt.XWindow", 0, -1 },
	[UU_XWINDOWPEER] = { "com.sun.star.awt.XWindowPeer", 0, -1 },
	[UU_XDIALOGPROVIDER] = { "com.sun.star.awt.XDialogProvider", 0, -1 },
	[UU_XDIALOG] = { "com.sun.star.awt.XDialog", 0, -1 },
	[UU_XCONTROLCONTAINER] = { "com.sun.star.awt.XControlContainer", 0, -1 },
	[UU_XCONTROL] = { "com.sun.star.awt.XControl", 0, -1 },
	[UU_XPROPERTYSET] = { "com.sun.star.beans.XPropertySet", 0, -1 },
	[UU_XDISPATCHRESULTLISTENER] = { "com.sun.star.frame.XDispatchResultListener", 0, -1 },
	[UU_XMULTISERVICEFACTORY] = { "com.sun.star.lang.XMultiServiceFactory", 0, -1 },
	[UU_XNAMEACCESS] = { "com.sun.star.container.XNameAccess", 0, -1 },
	[UU_XNAMEREPLACE] = { "com.sun.star.container.XNameReplace", 0, -1 },
	[UU_XCHANGESBATCH] = { "com.sun.star.util.XChangesBatch", 0, -1 },
	[UU_XDESKTOP] = { "com.sun.star.frame.XDesktop", 0, -1 },
	[UU_XENUMERATIONACCESS] = { "com.sun.star.container.XEnumerationAccess", 0, -1 },
	[UU_XENUMERATION] = { "com.sun.star.container.XEnumeration", 0, -1 },
	[UU_XCLOSEABLE] = { "com.sun.star.util.XCloseable", 0, -1 },
	[UU_XTOPWINDOW] = { "com.sun.star.awt.XTopWindow", 0, -1 },
	[UU_XSPREADSHEETDOCUMENT] = { "com.sun.star.sheet.XSpreadsheetDocument", 0, -1 },
	[UU_XCELLRANGE] = { "com.sun.star.table.XCellRange", 0, -1 },
	[UU_XSELECTIONSUPPLIER] = { "com.sun.star.view.XSelectionSupplier", 0, -1 },
	[UU_XSPREADSHEETVIEW] = { "com.sun.star.sheet.XSpreadsheetView", 0, -1 },
	[UU_XDIALOGPROVIDER2] = { "com.sun.star.awt.XDialogProvider2", 0, -1 },
	[UU_XTEXTCOMPONENT] = { "com.sun.star.awt.XTextComponent", 0, -1 },
	[UU_XSYSTEMSHELLEXECUTE] = { "com.sun.star.system.XSystemShellExecute", 0, -1 },
	[UU_XRESCHEDULE] = { "com.sun.star.awt.XReschedule", 0, -1 },
	[UU_XCLIPBOARD] = { "com.sun.star.datatransfer.clipboard.XClipboard", 0, -1 },
	[UU_XINDEXACCESS] = { "com.sun.star.container.XIndexAccess", 0, -1 },
	[UU_XSPREADSHEETS] = { "com.sun.star.sheet.XSpreadsheets", 0, -1 },
	[UU_XTEXTRANGE] = { "com.sun.star.text.XTextRange", 0, -1 },
	[UU_XSHEETCONDITION] = { "com.sun.star.sheet.XSheetCondition", 0, -1 },
	[UU_XWINDOWLISTENER] = { "com.sun.star.awt.XWindowListener", 0, -1 },
	[UU_XEVENTLISTENER] = { "com.sun.star.lang.XEventListener", 0, -1 },
	[UU_XACCESSIBLE] = { "com.sun.star.accessibility.XAccessible", 0, -1 },
	[UU_XACCESSIBLEACTION] = { "com.sun.star.accessibility.XAccessibleAction", 0, -1 },
	[UU_XDIALOGEVENTHANDLER] = { "com.sun.star.awt.XDialogEventHandler", 0, -1 },
	[UU_XCONTAINERWINDOWEVENTHANDLER] = { "com.sun.star.awt.XContainerWindowEventHandler", 0, -1 },
	[UU_XTRANSFERABLE] = { "com.sun.star.datatransfer.XTransferable", 0, -1 },
	[UU_XCLIPBOARDOWNER] = { "com.sun.star.datatransfer.clipboard.XClipboardOwner", 0, -1 },
	[UU_XTOPWINDOWLISTENER] = { "com.sun.star.awt.XTopWindowListener", 0, -1 },
	[UU_THIDUAEXCEPTION] = { "vn.thidua.ThiduaException", 0, -1 },
	[UU_RUNTIMEEXCEPTION] = { "com.sun.star.uno.RuntimeException", 0, -1 },
	[UU_ILLEGALARGUMENTEXCEPTION] = { "com.sun.star.lang.IllegalArgumentException", 0, -1 },
	[UU_PROBLEM] = { "vn.thidua.Problem", 0, -1 },
	[UU_TALLYRESULT] = { "vn.thidua.TallyResult", 0, -1 },
	[UU_UNITRESULT] = { "vn.thidua.UnitResult", 0, -1 },
	[UU_FAILURE] = { "vn.thidua.Failure", 0, -1 },
	[UU_URL] = { "com.sun.star.util.URL", 0, -1 },
	[UU_PROPERTYVALUE] = { "com.sun.star.beans.PropertyValue", 0, -1 },
	[UU_DISPATCHRESULTEVENT] = { "com.sun.star.frame.DispatchResultEvent", 0, -1 },
	[UU_DISPATCHDESCRIPTOR] = { "com.sun.star.frame.DispatchDescriptor", 0, -1 },
	[UU_SELECTION] = { "com.sun.star.awt.Selection", 0, -1 },
	[UU_RECTANGLE] = { "com.sun.star.awt.Rectangle", 0, -1 },
	[UU_DATAFLAVOR] = { "com.sun.star.datatransfer.DataFlavor", 0, -1 },
	[UU_VALIDATIONTYPE] = { "com.sun.star.sheet.ValidationType", 0, -1 },
	[UU_WINDOWEVENT] = { "com.sun.star.awt.WindowEvent", 0, -1 },
	[UU_SEQ_DATAFLAVOR] = { NULL, 0, UU_DATAFLAVOR },
	[UU_SEQ_STRING] = { NULL, 0, UU_STRING },
	[UU_SEQ_TYPE] = { NULL, 0, UU_TYPE },
	[UU_SEQ_BYTE] = { NULL, 0, UU_BYTE },
	[UU_SEQ_ANY] = { NULL, 0, UU_ANY },
	[UU_SEQ_PROPERTYVALUE] = { NULL, 0, UU_PROPERTYVALUE },
	[UU_SEQ_PROBLEM] = { NULL, 0, UU_PROBLEM },
	[UU_SEQ_UNITRESULT] = { NULL, 0, UU_UNITRESULT },
	[UU_SEQ_XDISPATCH] = { NULL, 0, UU_XDISPATCH },
	[UU_STRING] = { NULL, typelib_TypeClass_STRING, -1 },
	[UU_SHORT] = { NULL, typelib_TypeClass_SHORT, -1 },
	[UU_LONG] = { NULL, typelib_TypeClass_LONG, -1 },
	[UU_BOOLEAN] = { NULL, typelib_TypeClass_BOOLEAN, -1 },
	[UU_TYPE] = { NULL, typelib_TypeClass_TYPE, -1 },
	[UU_BYTE] = { NULL, typelib_TypeClass_BYTE, -1 },
	[UU_ANY] = { NULL, typelib_TypeClass_ANY, -1 },
};

/* Looked-up descriptions, each acquired once and kept. */
static _Atomic(typelib_TypeDescription *) tds[UU_TYPE_COUNT];

static typelib_TypeDescription *lookup(enum uu_type t)
{
	typelib_TypeDescription *td = NULL, *elem;
	typelib_TypeDescriptionReference *ref = NULL;
	rtl_uString *name;

	if (types[t].name) {
		name = uu_str(types[t].name);
		if (!name)
			return NULL;
		typelib_typedescription_getByName(&td, name);
		rtl_uString_release(name);
	} else if (types[t].elem >= 0) {
		elem = uu_td((enum uu_type)types[t].elem);
		if (!elem)
			return NULL;
		typelib_static_sequence_type_init(&ref, elem->pWeakRef);
		typelib_typedescriptionreference_getDescription(&td, ref);
	} else {
		typelib_typedescriptionreference_getDescription(
			&td, *typelib_static_type_getByTypeClass(types[t].simple));
	}
	if (td && !td->bComplete && !typelib_typedescription_complete(&td)) {
		typelib_typedescription_release(td);
		td = NULL;
	}
	return td;
}

typelib_TypeDescription *uu_td(enum uu_type t)
{
	typelib_TypeDescription *td, *expected = NULL;

	if ((unsigned)t >= UU_TYPE_COUNT)
		return NULL;
	td = atomic_load(&tds[t]);
	if (td)
		return td;
	td = lookup(t);
	if (!td)
		return NULL;
	if (!atomic_compare_exchange_strong(&tds[t], &expected, td)) {
		/* another thread won; keep its description */
		typelib_typedescription_release(td);
		td = expected;
	}
	return td;
}

typelib_TypeDescriptionReference *uu_ref(enum uu_type t)
{
	typelib_TypeDescription *td = uu_td(t);

	return td ? td->pWeakRef : NULL;
}

/* ---- methods --------------------------------------------------------- */

static const struct {
	enum uu_type iface;
	const char *name;
} methods[UU_METHOD_COUNT] = {
	[UU_M_QUERYINTERFACE] = { UU_XINTERFACE, "queryInterface" },
	[UU_M_CTX_GETSERVICEMANAGER] = { UU_XCOMPONENTCONTEXT, "getServiceManager" },
	[UU_M_SM_CREATE] = { UU_XMULTICOMPONENTFACTORY, "createInstanceWithContext" },
	[UU_M_SM_CREATE_ARGS] = { UU_XMULTICOMPONENTFACTORY, "createInstanceWithArgumentsAndContext" },
	[UU_M_FRAME_GETCONTROLLER] = { UU_XFRAME, "getController" },
	[UU_M_FRAME_GETCONTAINERWINDOW] = { UU_XFRAME, "getContainerWindow" },
	[UU_M_CONTROLLER_GETMODEL] = { UU_XCONTROLLER, "getModel" },
	[UU_M_MODEL_GETURL] = { UU_XMODEL, "getURL" },
	[UU_M_STORABLE_STORE] = { UU_XSTORABLE, "store" },
	[UU_M_STORABLE_STOREASURL] = { UU_XSTORABLE, "storeAsURL" },
	[UU_M_MODIFIABLE_ISMODIFIED] = { UU_XMODIFIABLE, "isModified" },
	[UU_M_LOADER_LOAD] = { UU_XCOMPONENTLOADER, "loadComponentFromURL" },
	[UU_M_COMPONENT_DISPOSE] = { UU_XCOMPONENT, "dispose" },
	[UU_M_EXECDIALOG_SETTITLE] = { UU_XEXECUTABLEDIALOG, "setTitle" },
	[UU_M_EXECDIALOG_EXECUTE] = { UU_XEXECUTABLEDIALOG, "execute" },
	[UU_M_FILEPICKER_SETDEFAULTNAME] = { UU_XFILEPICKER, "setDefaultName" },
	[UU_M_FILEPICKER_SETDISPLAYDIRECTORY] = { UU_XFILEPICKER, "setDisplayDirectory" },
	[UU_M_FILEPICKER_GETFILES] = { UU_XFILEPICKER, "getFiles" },
	[UU_M_FILTERMANAGER_APPENDFILTER] = { UU_XFILTERMANAGER, "appendFilter" },
	[UU_M_FILTERMANAGER_SETCURRENTFILTER] = { UU_XFILTERMANAGER, "setCurrentFilter" },
	[UU_M_FOLDERPICKER_SETDISPLAYDIRECTORY] = { UU_XFOLDERPICKER, "setDisplayDirectory" },
	[UU_M_FOLDERPICKER_GETDIRECTORY] = { UU_XFOLDERPICKER, "getDirectory" },
	[UU_M_SIFACTORY_CREATE] = { UU_XSTATUSINDICATORFACTORY, "createStatusIndicator" },
	[UU_M_SI_START] = { UU_XSTATUSINDICATOR, "start" },
	[UU_M_SI_END] = { UU_XSTATUSINDICATOR, "end" },
	[UU_M_SI_SETTEXT] = { UU_XSTATUSINDICATOR, "setText" },
	[UU_M_SI_SETVALUE] = { UU_XSTATUSINDICATOR, "setValue" },
	[UU_M_MBFACTORY_CREATE] = { UU_XMESSAGEBOXFACTORY, "createMessageBox" },
	[UU_M_MESSAGEBOX_EXECUTE] = { UU_XMESSAGEBOX, "execute" },
	[UU_M_DIALOGPROVIDER_CREATE] = { UU_XDIALOGPROVIDER, "createDialog" },
	[UU_M_DIALOG_SETTITLE] = { UU_XDIALOG, "setTitle" },
	[UU_M_DIALOG_EXECUTE] = { UU_XDIALOG, "execute" },
	[UU_M_CONTROLCONTAINER_GETCONTROL] = { UU_XCONTROLCONTAINER, "getControl" },
	[UU_M_CONTROL_GETMODEL] = { UU_XCONTROL, "getModel" },
	[UU_M_PROPERTYSET_SETVALUE] = { UU_XPROPERTYSET, "setPropertyValue" },
	[UU_M_WINDOW_SETVISIBLE] = { UU_XWINDOW, "setVisible" },
	[UU_M_RESULTLISTENER_FINISHED] = { UU_XDISPATCHRESULTLISTENER, "dispatchFinished" },
	[UU_M_INIT_INITIALIZE] = { UU_XINITIALIZATION, "initialize" },
	[UU_M_MSF_CREATE_ARGS] = { UU_XMULTISERVICEFACTORY, "createInstanceWithArguments" },
	[UU_M_NAMEACCESS_GETBYNAME] = { UU_XNAMEACCESS, "getByName" },
	[UU_M_NAMEACCESS_HASBYNAME] = { UU_XNAMEACCESS, "hasByName" },
	[UU_M_NAMEREPLACE_REPLACEBYNAME] = { UU_XNAMEREPLACE, "replaceByName" },
	[UU_M_CHANGESBATCH_COMMIT] = { UU_XCHANGESBATCH, "commitChanges" },
	[UU_M_PROPERTYSET_GETVALUE] = { UU_XPROPERTYSET, "getPropertyValue" },
	[UU_M_DESKTOP_GETCOMPONENTS] = { UU_XDESKTOP, "getComponents" },
	[UU_M_ENUMACCESS_CREATE] = { UU_XENUMERATIONACCESS, "createEnumeration" },
	[UU_M_ENUM_HASMORE] = { UU_XENUMERATION, "hasMoreElements" },
	[UU_M_ENUM_NEXT] = { UU_XENUMERATION, "nextElement" },
	[UU_M_CLOSEABLE_CLOSE] = { UU_XCLOSEABLE, "close" },
	[UU_M_TOPWINDOW_TOFRONT] = { UU_XTOPWINDOW, "toFront" },
	[UU_M_FRAME_ACTIVATE] = { UU_XFRAME, "activate" },
	[UU_M_MODEL_GETCURRENTCONTROLLER] = { UU_XMODEL, "getCurrentController" },
	[UU_M_MODIFIABLE_SETMODIFIED] = { UU_XMODIFIABLE, "setModified" },
	[UU_M_CONTROLLER_GETFRAME] = { UU_XCONTROLLER, "getFrame" },
	[UU_M_SSDOC_GETSHEETS] = { UU_XSPREADSHEETDOCUMENT, "getSheets" },
	[UU_M_CELLRANGE_BYNAME] = { UU_XCELLRANGE, "getCellRangeByName" },
	[UU_M_CELLRANGE_BYPOSITION] = { UU_XCELLRANGE, "getCellRangeByPosition" },
	[UU_M_CELLRANGE_CELL] = { UU_XCELLRANGE, "getCellByPosition" },
	[UU_M_SELECTION_SELECT] = { UU_XSELECTIONSUPPLIER, "select" },
	[UU_M_SELECTION_GET] = { UU_XSELECTIONSUPPLIER, "getSelection" },
	[UU_M_SSVIEW_SETACTIVESHEET] = { UU_XSPREADSHEETVIEW, "setActiveSheet" },
	[UU_M_DIALOGPROVIDER2_CREATE_HANDLER] = { UU_XDIALOGPROVIDER2, "createDialogWithHandler" },
	[UU_M_TEXTCOMPONENT_GETSELECTION] = { UU_XTEXTCOMPONENT, "getSelection" },
	[UU_M_TEXTCOMPONENT_SETTEXT] = { UU_XTEXTCOMPONENT, "setText" },
	[UU_M_TEXTCOMPONENT_GETTEXT] = { UU_XTEXTCOMPONENT, "getText" },
	[UU_M_SHELLEXECUTE] = { UU_XSYSTEMSHELLEXECUTE, "execute" },
	[UU_M_RESCHEDULE] = { UU_XRESCHEDULE, "reschedule" },
	[UU_M_CLIPBOARD_SETCONTENTS] = { UU_XCLIPBOARD, "setContents" },
	[UU_M_INDEX_COUNT] = { UU_XINDEXACCESS, "getCount" },
	[UU_M_INDEX_GET] = { UU_XINDEXACCESS, "getByIndex" },
	[UU_M_SPREADSHEETS_INSERTNEW] = { UU_XSPREADSHEETS, "insertNewByName" },
	[UU_M_TEXTRANGE_GETSTRING] = { UU_XTEXTRANGE, "getString" },
	[UU_M_TEXTRANGE_SETSTRING] = { UU_XTEXTRANGE, "setString" },
	[UU_M_CONDITION_SETFORMULA1] = { UU_XSHEETCONDITION, "setFormula1" },
	[UU_M_WINDOW_GETPOSSIZE] = { UU_XWINDOW, "getPosSize" },
	[UU_M_WINDOW_SETPOSSIZE] = { UU_XWINDOW, "setPosSize" },
	[UU_M_WINDOW_ADDLISTENER] = { UU_XWINDOW, "addWindowListener" },
	[UU_M_DIALOG_ENDEXECUTE] = { UU_XDIALOG, "endExecute" },
	[UU_M_SI_RESET] = { UU_XSTATUSINDICATOR, "reset" },
	[UU_M_WINDOW_SETENABLE] = { UU_XWINDOW, "setEnable" },
	[UU_M_TOPWINDOW_ADDLISTENER] = { UU_XTOPWINDOW, "addTopWindowListener" },
	[UU_M_CONTROL_GETPEER] = { UU_XCONTROL, "getPeer" },
	[UU_M_ACCESSIBLE_GETCONTEXT] = { UU_XACCESSIBLE, "getAccessibleContext" },
	[UU_M_ACCESSIBLEACTION_DO] = { UU_XACCESSIBLEACTION, "doAccessibleAction" },
};

static _Atomic(typelib_TypeDescription *) mtds[UU_METHOD_COUNT];

/* 1 when full member name s ("ns.XFoo::bar", maybe with ":@..." after it)
 * names member m. */
static int member_is(rtl_uString *s, const char *m)
{
	const sal_Unicode *p = s->buffer, *end = s->buffer + s->length, *n = NULL;
	size_t i, len = strlen(m);

	for (; p + 1 < end; p++)
		if (p[0] == ':' && p[1] == ':')
			n = p + 2;
	if (!n)
		return 0;
	for (i = 0; i < len; i++)
		if (n + i >= end || n[i] != (sal_Unicode)(unsigned char)m[i])
			return 0;
	return n + len == end || (n + len + 1 < end && n[len] == ':' && n[len + 1] == '@');
}

static typelib_TypeDescription *lookup_member(enum uu_method m)
{
	typelib_InterfaceTypeDescription *itd;
	typelib_TypeDescription *mtd = NULL;
	sal_Int32 i;

	itd = (typelib_InterfaceTypeDescription *)uu_td(methods[m].iface);
	if (!itd)
		return NULL;
	for (i = 0; i < itd->nMembers; i++) {
		if (!member_is(itd->ppMembers[i]->pTypeName, methods[m].name))
			continue;
		typelib_typedescriptionreference_getDescription(&mtd, itd->ppMembers[i]);
		break;
	}
	if (mtd && !mtd->bComplete && !typelib_typedescription_complete(&mtd)) {
		typelib_typedescription_release(mtd);
		mtd = NULL;
	}
	return mtd;
}

typelib_TypeDescription *uu_member(enum uu_method m)
{
	typelib_TypeDescription *td, *expected = NULL;

	td = atomic_load(&mtds[m]);
	if (td)
		return td;
	td = lookup_member(m);
	if (!td)
		return NULL;
	if (!atomic_compare_exchange_strong(&mtds[m], &expected, td)) {
		typelib_typedescription_release(td);
		td = expected;
	}
	return td;
}

void *uu_seq_elem(uno_Sequence *seq, enum uu_type seq_type, size_t i)
{
	typelib_TypeDescription *etd = NULL;

	if (types[seq_type].elem >= 0)
		etd = uu_td((enum uu_type)types[seq_type].elem);
	return etd ? seq->elements + i * (size_t)etd->nSize : NULL;
}

enum uu_type uu_member_iface(enum uu_method m) { return methods[m].iface; }

const char *uu_member_name(enum uu_method m) { return methods[m].name; }
