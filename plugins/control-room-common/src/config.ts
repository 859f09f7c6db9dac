/** The plugin id, which is also the backend route prefix `/api/control-room`. */
export const CONTROL_ROOM_PLUGIN_ID = 'control-room';

/** Annotation that links any catalog entity to its Notion project page. */
export const NOTION_PROJECT_ID_ANNOTATION = 'notion.so/project-id';

/** Annotation that carries an Azure resource id on a catalog `Resource`. */
export const AZURE_RESOURCE_ID_ANNOTATION = 'management.azure.com/resource-id';
