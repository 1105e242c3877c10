// Compiles the OpenAPI document's component schemas with a JSON Schema 2020-12 validator (Ajv, strict),
// so tests can check that the schemas themselves are valid and that real responses match them.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type Document = { components: { schemas: Record<string, unknown> } };

export type ComponentValidator = (component: string, value: unknown) => string | null;

/**
 * Component refs (#/components/schemas/X) point into the OpenAPI document, which is not a JSON
 * Schema; rewritten to #/$defs/X they resolve inside one schema holding all components.
 */
export function componentValidator(document: Document): ComponentValidator {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const $defs = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Record<string, unknown>;
  ajv.addSchema({ $id: "urn:hookline:components", $defs });
  const compiled = new Map<string, ValidateFunction>();
  return (component, value) => {
    if (!(component in $defs)) return `no component schema named ${component}`;
    let validate = compiled.get(component);
    if (!validate) compiled.set(component, (validate = ajv.compile({ $ref: `urn:hookline:components#/$defs/${component}` })));
    return validate(value) ? null : ajv.errorsText(validate.errors, { dataVar: component });
  };
}
