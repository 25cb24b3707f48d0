import ts from "typescript";

/**
 * Prints a type as plain TypeScript with every named type expanded (interfaces, zod inferences, aliases),
 * so the printed text depends on nothing but the language. A type met again inside itself (a JSON value)
 * becomes a named alias (`Recursive1`), listed by `aliases()` for the caller to declare.
 */
export function createTypePrinter(checker: ts.TypeChecker) {
  const inProgress = new Set<ts.Type>();
  const aliasNames = new Map<ts.Type, string>();
  const aliasTexts = new Map<string, string>();

  function print(type: ts.Type): string {
    const f = type.flags;
    if (f & ts.TypeFlags.Any) return "any";
    if (f & ts.TypeFlags.Unknown) return "unknown";
    if (f & (ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean | ts.TypeFlags.BigInt))
      return checker.typeToString(type);
    if (f & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.Never))
      return checker.typeToString(type);
    if (f & ts.TypeFlags.StringLiteral) return JSON.stringify((type as ts.StringLiteralType).value);
    if (f & (ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.BigIntLiteral))
      return checker.typeToString(type);
    if (type.isUnion()) return printUnion(type.types);
    if (type.isIntersection()) return type.types.map(operand).join(" & ");
    if (f & ts.TypeFlags.Object) return guarded(type, () => printObject(type as ts.ObjectType));
    if (f & ts.TypeFlags.NonPrimitive) return "object";
    throw new Error(`cannot print type ${checker.typeToString(type)} (flags ${f})`);
  }

  function printUnion(members: readonly ts.Type[]): string {
    const printed = members.map(operand);
    const hasTrue = printed.includes("true");
    const hasFalse = printed.includes("false");
    const out = printed.filter((p) => !(hasTrue && hasFalse && (p === "true" || p === "false")));
    if (hasTrue && hasFalse) out.push("boolean");
    return [...new Set(out)].join(" | ");
  }

  function guarded(type: ts.Type, printIt: () => string): string {
    const known = aliasNames.get(type);
    if (known) return known;
    if (inProgress.has(type)) {
      const name = `Recursive${aliasNames.size + 1}`;
      aliasNames.set(type, name);
      return name;
    }
    inProgress.add(type);
    try {
      const text = printIt();
      const name = aliasNames.get(type);
      if (!name) return text;
      aliasTexts.set(name, text);
      return name;
    } finally {
      inProgress.delete(type);
    }
  }

  function printObject(type: ts.ObjectType): string {
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return `${operand(element as ts.Type)}[]`;
    }
    if (checker.isTupleType(type)) {
      return `[${checker
        .getTypeArguments(type as ts.TypeReference)
        .map(print)
        .join(", ")}]`;
    }
    if (type.getCallSignatures().length > 0) {
      throw new Error(`a function type in the router's inputs or outputs: ${checker.typeToString(type)}`);
    }
    const members: string[] = [];
    for (const info of checker.getIndexInfosOfType(type)) {
      members.push(`[key: ${checker.typeToString(info.keyType)}]: ${print(info.type)};`);
    }
    for (const property of checker.getPropertiesOfType(type)) {
      const optional = property.flags & ts.SymbolFlags.Optional ? "?" : "";
      const name = /^[A-Za-z_$][\w$]*$/.test(property.name) ? property.name : JSON.stringify(property.name);
      members.push(`${name}${optional}: ${print(checker.getTypeOfSymbol(property))};`);
    }
    return members.length === 0 ? "{}" : `{ ${members.join(" ")} }`;
  }

  /** A union or intersection inside `[]`, `&` or `|` needs parentheses. */
  function operand(type: ts.Type): string {
    const text = print(type);
    return type.isUnion() || type.isIntersection() ? `(${text})` : text;
  }

  return { print, aliases: () => [...aliasTexts.entries()] };
}
