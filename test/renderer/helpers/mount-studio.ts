import { defineComponent, h } from 'vue'
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import { provideStudio } from '../../../src/renderer/src/state/studio'
import type { Studio } from '../../../src/renderer/src/state/studio'
import type { FakeApi } from './fake-api'

/**
 * Mounts `view` under a parent that provides the studio over the fake api (as App.vue does with window.api);
 * returns the wrapper and the studio so the test can drive state directly.
 */
export function mountWithStudio(view: Component, fake: FakeApi, props: Record<string, unknown> = {}): { wrapper: ReturnType<typeof mount>; studio: Studio } {
  let studio!: Studio
  const Host = defineComponent({
    setup() {
      studio = provideStudio(fake.api)
      return () => h(view, props)
    },
  })
  const wrapper = mount(Host, { attachTo: document.body })
  return { wrapper, studio }
}
