// Checks beyond the OpenAPI 3.1 meta-schema. SwaggerParser checks only the meta-schema and $refs
// for OpenAPI 3.x (its semantic checks exist for Swagger 2.0 only), so the semantic rules of the
// spec are here, plus the rules our clients rely on. Takes the dereferenced document (every $ref
// replaced by its target) and returns one message per violation.
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operationsOf(document) {
  const operations = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) operations.push({ route, item, method, operation: item[method] });
    }
  }
  return operations;
}

// OpenAPI: every {name} in the path template is a declared path parameter and vice versa
// (operation-level parameters override path-level ones with the same name and location).
function checkPathParameters({ route, item, operation }, where, violations) {
  const templated = [...route.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  const declared = new Map();
  for (const parameter of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
    if (parameter.in === 'path') declared.set(parameter.name, parameter);
  }
  for (const name of templated) {
    if (!declared.has(name)) violations.push(`${where} has {${name}} in its path but no path parameter "${name}"`);
  }
  for (const name of declared.keys()) {
    if (!templated.includes(name)) violations.push(`${where} declares path parameter "${name}" that is not in its path`);
  }
}

// JSON Schema allows "required" to name absent properties, but in our documents that is a typo.
function checkRequiredPropertiesExist(schema, where, violations, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  if (Array.isArray(schema.required) && schema.properties && schema.additionalProperties !== true) {
    for (const name of schema.required) {
      if (!(name in schema.properties)) violations.push(`${where}: "${name}" is required but not among the properties`);
    }
  }
  for (const value of Object.values(schema)) checkRequiredPropertiesExist(value, where, violations, seen);
}

function checkResponses(operation, where, globallySecured, violations) {
  const responses = operation.responses ?? {};
  if (!Object.keys(responses).some((status) => /^2\d\d$/.test(status))) {
    violations.push(`${where} documents no 2xx response`);
  }
  // A route that needs a token can always answer 401; a public one never does.
  const secured = operation.security ? operation.security.length > 0 : globallySecured;
  if (secured && !responses['401']) violations.push(`${where} needs a token but documents no 401`);
  if (!secured && responses['401']) violations.push(`${where} is public but documents a 401`);

  for (const [status, response] of Object.entries(responses)) {
    if (!response.headers || !response.headers['X-Request-Id']) {
      violations.push(`${where} response ${status} does not document the X-Request-Id header`);
    }
    // Every error body has the one shape clients parse: {"error": {...}}.
    const schema = response.content?.['application/json']?.schema;
    if (/^[45]\d\d$/.test(status) && !schema?.properties?.error) {
      violations.push(`${where} response ${status} does not use the Error schema`);
    }
  }
}

export function checkHouseRules(document) {
  const violations = [];
  const globallySecured = Array.isArray(document.security) && document.security.length > 0;
  const operationIds = new Map();
  for (const entry of operationsOf(document)) {
    const { operation } = entry;
    const where = `${entry.method.toUpperCase()} ${entry.route}`;
    if (!operation.operationId) violations.push(`${where} has no operationId`);
    else if (operationIds.has(operation.operationId)) {
      violations.push(`${where} reuses operationId "${operation.operationId}" of ${operationIds.get(operation.operationId)}`);
    } else operationIds.set(operation.operationId, where);
    if (!operation.summary) violations.push(`${where} has no summary`);
    if (!Array.isArray(operation.tags) || operation.tags.length === 0) violations.push(`${where} has no tags`);
    checkPathParameters(entry, where, violations);
    checkResponses(operation, where, globallySecured, violations);
    checkRequiredPropertiesExist(operation, where, violations);
  }
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    checkRequiredPropertiesExist(schema, `components.schemas.${name}`, violations);
  }
  return violations;
}
