//! ES modules: QuickJS's module loader hooks, answered by the prelude, which
//! owns Node's resolution (relative paths, `node_modules`, the `import`
//! condition of `exports` maps, built-ins) and says what source each resolved
//! module has: an ES module's own text, or for a CommonJS module or a built-in
//! a small module that re-exports what `require` gives.

use rquickjs::loader::ImportAttributes;
use rquickjs::module::Declared;
use rquickjs::{Ctx, Function, Module, Result};

/// Resolves `import` specifiers as Node does (`__fngate_esm_resolve` in the prelude).
pub struct Resolver;

/// Loads a resolved module (`__fngate_esm_source` in the prelude).
pub struct Loader;

impl rquickjs::loader::Resolver for Resolver {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        let resolve: Function = ctx.globals().get("__fngate_esm_resolve")?;
        resolve.call((base, name))
    }
}

impl rquickjs::loader::Loader for Loader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        let source: Function = ctx.globals().get("__fngate_esm_source")?;
        let source: rquickjs::String = source.call((name,))?;
        let module = Module::declare(ctx.clone(), name, crate::natives::text(&source)?)?;
        // `import.meta.url`, `import.meta.filename` and `import.meta.dirname` (Node 20.11).
        if name.starts_with('/') {
            let meta = module.meta()?;
            meta.set("url", format!("file://{name}"))?;
            meta.set("filename", name)?;
            meta.set(
                "dirname",
                name.rsplit_once('/').map_or("/", |(dir, _)| if dir.is_empty() { "/" } else { dir }),
            )?;
        }
        Ok(module)
    }
}
